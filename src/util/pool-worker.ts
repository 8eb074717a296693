// piscina's worker trampoline, embedded as an entrypoint of the compiled binary (see pool.ts).
// The package's exports map hides dist/worker.js, hence the relative path.
import "../../node_modules/piscina/dist/worker.js";
