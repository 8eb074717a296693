/**
 * Wiring of the source's feeds into the cache, the queue and the stores (upstream
 * eventhandlers.go): bound pods go to the cache, pending pods of our profiles to the
 * queue, and every change that may help unschedulable pods is turned into a cluster event.
 */
import type { Node, Pod } from "../api-types.ts";
import { nodeUpdateActions, podUpdateEvents } from "../framework/event-classify.ts";
import { ActionType, Events } from "../framework/events.ts";
import { podKey } from "../framework/pod-info.ts";
import type { Unsubscribe } from "../source.ts";
import type { Scheduler } from "./scheduler.ts";

function terminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

function assigned(pod: Pod): boolean {
  return !!pod.spec.nodeName;
}

export function installEventHandlers(s: Scheduler): Unsubscribe[] {
  const subs: Unsubscribe[] = [];
  const src = s.source;

  const addAssigned = (pod: Pod) => {
    if (terminal(pod)) return;
    s.cache.addPod(pod);
    s.queue.moveAllToActiveOrBackoffQueue(Events.AssignedPodAdd, null, pod);
  };
  const deleteAssigned = (pod: Pod) => {
    s.cache.removePod(pod);
    s.queue.moveAllToActiveOrBackoffQueue(Events.AssignedPodDelete, pod, null);
  };
  const addPending = (pod: Pod) => {
    if (terminal(pod) || !s.responsibleFor(pod)) return;
    s.queue.add(pod);
  };
  const deletePending = (pod: Pod) => {
    if (!s.responsibleFor(pod)) return;
    s.queue.delete(pod);
    const fwk = s.frameworkFor(pod);
    fwk?.rejectWaitingPod(podKey(pod), "", "pod was deleted");
  };

  subs.push(
    src.watchPods(
      s.stores.pods.handlers({
        add: (pod) => (assigned(pod) ? addAssigned(pod) : addPending(pod)),
        update: (oldPod, newPod) => {
          if (assigned(newPod)) {
            if (!assigned(oldPod)) {
              s.queue.delete(oldPod);
              addAssigned(newPod);
              return;
            }
            if (terminal(newPod)) {
              if (!terminal(oldPod)) deleteAssigned(oldPod);
              return;
            }
            s.cache.updatePod(oldPod, newPod);
            for (const ev of podUpdateEvents(oldPod, newPod)) s.queue.moveAllToActiveOrBackoffQueue(ev, oldPod, newPod);
            return;
          }
          if (terminal(newPod)) {
            deletePending(newPod);
            return;
          }
          if (!s.responsibleFor(newPod)) return;
          if (s.cache.isAssumedPod(newPod)) return;
          s.queue.update(oldPod, newPod);
        },
        delete: (pod) => (assigned(pod) ? deleteAssigned(pod) : deletePending(pod)),
      }),
    ),
  );

  subs.push(
    src.watchNodes({
      add: (node: Node) => {
        s.cache.addNode(node);
        s.queue.moveAllToActiveOrBackoffQueue(Events.NodeAdd, null, node);
      },
      update: (oldNode: Node, newNode: Node) => {
        s.cache.updateNode(oldNode, newNode);
        const actions = nodeUpdateActions(oldNode, newNode);
        if (actions !== 0) s.queue.moveAllToActiveOrBackoffQueue({ resource: "Node", actionType: actions }, oldNode, newNode);
      },
      delete: (node: Node) => {
        s.cache.removeNode(node);
        s.queue.moveAllToActiveOrBackoffQueue({ resource: "Node", actionType: ActionType.Delete, label: "NodeDelete" }, node, null);
      },
    }),
  );

  if (src.watchNamespaces) subs.push(src.watchNamespaces(s.stores.namespacesStore.handlers()));
  if (src.watchPodDisruptionBudgets) subs.push(src.watchPodDisruptionBudgets(s.stores.pdbs.handlers()));
  if (src.watchServices) subs.push(src.watchServices(s.stores.servicesStore.handlers()));
  if (src.watchReplicaSets) subs.push(src.watchReplicaSets(s.stores.replicaSets.handlers()));
  if (src.watchStatefulSets) subs.push(src.watchStatefulSets(s.stores.statefulSets.handlers()));
  if (src.watchReplicationControllers) subs.push(src.watchReplicationControllers(s.stores.replicationControllers.handlers()));
  return subs;
}
