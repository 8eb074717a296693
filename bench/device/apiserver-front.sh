#!/bin/bash
# Device run (see prepare.sh): kubun apiserver (embedded LMDB) on 16 cores, TLS front on its own thread (1)
# or on the apiserver's thread (0); wrk with 4 threads, 256 connections.
cd "$(dirname "$0")"
B=$PWD
echo "cores: $(nproc)"; uname -r; head -1 /proc/cpuinfo >/dev/null; grep -m1 "model name" /proc/cpuinfo
if [ ! -x kubun ]; then
  if command -v xz >/dev/null; then xz -d -T0 kubun.xz; else python3 -c "import lzma,shutil;shutil.copyfileobj(lzma.open('kubun.xz'),open('kubun','wb'))"; fi
  chmod +x kubun
fi
W() { "$B/lib/ld-linux-x86-64.so.2" --library-path "$B/lib" "$B/wrk" "$@"; }
./kubun version | head -2
P=16443
for rep in 1 2; do
for mode in 1 0; do
  rm -rf data
  KUBUN_TLS_FRONT_THREAD=$mode ./kubun apiserver -d data --https-listen-port $P --bind-address 127.0.0.1 --token bench > api-$mode.log 2>&1 &
  S=$!
  for i in $(seq 100); do grep -q "apiserver listening" api-$mode.log 2>/dev/null && break; sleep 0.1; done
  sleep 1
  W -t1 -c1 -d1s -s ns.lua https://127.0.0.1:$P/api/v1/namespaces >/dev/null
  W -t1 -c1 -d1s -s one.lua https://127.0.0.1:$P/api/v1/namespaces/bench/pods >/dev/null
  echo "== rep $rep front-thread=$mode"
  echo "-- GET"; W -t4 -c256 -d8s --latency -s get.lua https://127.0.0.1:$P/api/v1/namespaces/bench/pods/one | grep -E "Requests/sec|  50%|  99%|Non-2xx|errors"
  echo "-- POST"; W -t4 -c256 -d8s --latency -s post.lua https://127.0.0.1:$P/api/v1/namespaces/bench/pods | grep -E "Requests/sec|  50%|  99%|Non-2xx|errors"
  grep VmRSS /proc/$S/status
  ps -L -o tid,pcpu,comm -p $S | sort -k2 -nr | head -4
  kill -TERM $S; wait $S
done
done
