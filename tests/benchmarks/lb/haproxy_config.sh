# Sourced by bench_lb.sh and callgrind_lb.sh: the HAProxy configuration the lb is compared with.
# haproxy_config THREADS PORT WEB1_PORT WEB2_PORT: the configuration on stdout.
haproxy_config() {
    cat <<CFG
global
    nbthread $1
    maxconn 4096
defaults
    mode http
    option forwardfor
    option redispatch
    retries 3
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend fe
    bind 127.0.0.1:$2
    default_backend be
backend be
    balance roundrobin
    option httpchk GET /health
    server web-1 127.0.0.1:$3 check inter 2000 fall 3 rise 2
    server web-2 127.0.0.1:$4 check inter 2000 fall 3 rise 2
CFG
}
