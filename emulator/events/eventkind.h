#pragma once

#include <QLatin1String>

// Every kind of event of the merged stream, in one place (HAProxy's *-t.h style): the roles
// write them, the orchestrator adds its own, the gateway, the walkthrough, the CLI and the GUI
// read them. Compare with ==, never by substring; a new kind gets a line here first.
// Details of each kind: docs/roles.md (dns, lb, web, app), docs/protocols.md (db, replication),
// docs/runtime.md (runtime, failover, cli). FastEvent takes `Kind.latin1()`.
namespace infrastage::EventKind {

// Every role (emulator/roles/main.cpp, eventemitter.cpp, http/httprole.cpp)
inline constexpr QLatin1String Ready{"ready"};   // first line of a node: address, port, extras
inline constexpr QLatin1String Failed{"failed"}; // the role could not start: error
inline constexpr QLatin1String ControlApplied{"control.applied"}; // a control command took
inline constexpr QLatin1String ControlError{"control.error"};     // a control command refused
inline constexpr QLatin1String ControlIgnored{"control.ignored"}; // a command the role lacks
inline constexpr QLatin1String Stopped{"stopped"}; // a role's last words on SIGTERM: counters
inline constexpr QLatin1String EventsDropped{"events.dropped"}; // its output was full: dropped
inline constexpr QLatin1String PortFallback{"port.fallback"};   // planned port taken, took another
inline constexpr QLatin1String Finding{
    "finding"}; // a runtime finding (rule, severity), as analysis
inline constexpr QLatin1String HttpRejected{"http.rejected"}; // a connection refused (cut, limit)

// Firewalls guarding a node's host (roles/firewall/firewallgate.cpp): firewall, rule, source,
// client, port. An accept is reported once per source and port (each one with detail on).
inline constexpr QLatin1String FirewallAccept{"firewall.accept"}; // a connection let through
inline constexpr QLatin1String FirewallDrop{"firewall.drop"};     // held unanswered: times out
inline constexpr QLatin1String FirewallReject{"firewall.reject"}; // reset at once: refused

// DNS server (roles/dns)
inline constexpr QLatin1String DnsQuery{"dns.query"};         // a question: name, type, client, id
inline constexpr QLatin1String DnsAnswer{"dns.answer"};       // the answer: rcode, answers, ttl
inline constexpr QLatin1String DnsMalformed{"dns.malformed"}; // a datagram that is not DNS

// Load balancer (roles/lb)
inline constexpr QLatin1String LbRequest{"lb.request"};      // a request received from a client
inline constexpr QLatin1String LbChoice{"lb.choice"};        // the backend chosen, and why
inline constexpr QLatin1String LbForward{"lb.forward"};      // the request sent to the backend
inline constexpr QLatin1String LbRetry{"lb.retry"};          // an attempt failed; retry/redispatch
inline constexpr QLatin1String LbResponse{"lb.response"};    // the answer sent back to the client
inline constexpr QLatin1String LbError{"lb.error"};          // answered itself (503 no server, ...)
inline constexpr QLatin1String LbRedirect{"lb.redirect"};    // HTTP redirected to HTTPS
inline constexpr QLatin1String LbHealth{"lb.health"};        // a backend turned UP or DOWN: check
inline constexpr QLatin1String LbCheck{"lb.check"};          // one health check (detail on only)
inline constexpr QLatin1String LbTlsFailed{"lb.tls_failed"}; // a TLS handshake failed
inline constexpr QLatin1String LbTcpError{"lb.tcp.error"};   // mode tcp: no server to splice to
inline constexpr QLatin1String LbTcpOpen{"lb.tcp.open"};     // mode tcp: a connection spliced
inline constexpr QLatin1String LbTcpClose{"lb.tcp.close"};   // mode tcp: it ended: bytes, reason
inline constexpr QLatin1String LbQueue{"lb.queue"};          // over maxconn: the request waits
inline constexpr QLatin1String LbDequeue{"lb.dequeue"};      // a slot freed: it goes on
inline constexpr QLatin1String LbQueueTimeout{"lb.queue_timeout"}; // waited too long: 503
inline constexpr QLatin1String LbFrontendFull{"lb.frontend_full"}; // at maxconn: accept paused
inline constexpr QLatin1String LbFrontendResumed{"lb.frontend_resumed"}; // below it: accepting

// VRRP between load balancers sharing a virtual IP (roles/lb/vrrpinstance.cpp, docs/runtime.md)
inline constexpr QLatin1String VrrpState{"vrrp.state"}; // BACKUP <-> MASTER: from, to, reason
inline constexpr QLatin1String VrrpAdvertMissed{
    "vrrp.advert_missed"}; // a BACKUP heard no advert for another advert_int: missed, master
inline constexpr QLatin1String VrrpVipAcquired{"vrrp.vip_acquired"}; // the VIP socket is bound
inline constexpr QLatin1String VrrpVipReleased{"vrrp.vip_released"}; // the VIP socket is closed
inline constexpr QLatin1String VrrpVipBusy{
    "vrrp.vip_busy"}; // a MASTER cannot bind the VIP: another process still holds it
inline constexpr QLatin1String VrrpStalled{
    "vrrp.stalled"}; // a MASTER's advert timer ran late (frozen): late_ms

// Web server, Nginx-style (roles/web)
inline constexpr QLatin1String WebRequest{"web.request"};   // a request received from the lb
inline constexpr QLatin1String WebStatic{"web.static"};     // a file served from app files
inline constexpr QLatin1String WebForward{"web.forward"};   // forwarded to the app server
inline constexpr QLatin1String WebDenied{"web.denied"};     // refused (hidden path, method)
inline constexpr QLatin1String WebResponse{"web.response"}; // the answer sent back

// Application server (roles/app)
inline constexpr QLatin1String AppRequest{"app.request"}; // one request handled: handler, status

// Database (roles/db)
inline constexpr QLatin1String DbQuery{"db.query"};   // one statement: role, rows, changes, us
inline constexpr QLatin1String DbRole{"db.role"};     // became primary, replica or fenced
inline constexpr QLatin1String DbFenced{"db.fenced"}; // refuses writes from now on

// Replication (roles/db: replicationclient.cpp on a replica, replicationsource.cpp on a source)
inline constexpr QLatin1String ReplicationConnected{"replication.connected"};
inline constexpr QLatin1String ReplicationDisconnected{"replication.disconnected"};
inline constexpr QLatin1String ReplicationTimeout{"replication.timeout"};
inline constexpr QLatin1String ReplicationError{"replication.error"};       // stopped: error
inline constexpr QLatin1String ReplicationDiverged{"replication.diverged"}; // stopped: conflict
inline constexpr QLatin1String ReplicationLag{"replication.lag"}; // behind_txns, behind_ms
inline constexpr QLatin1String ReplicationReplicaConnected{"replication.replica_connected"};
inline constexpr QLatin1String ReplicationReplicaDisconnected{"replication.replica_disconnected"};
inline constexpr QLatin1String ReplicationReplica{"replication.replica"};   // a replica's position
inline constexpr QLatin1String ReplicationSemisync{"replication.semisync"}; // on/off, waited

// Monitoring (roles/monitor: the monitoring node's process scraping every node's /metrics)
inline constexpr QLatin1String MonitorAlert{"monitor.alert"};   // an alert firing or resolved
inline constexpr QLatin1String MonitorTarget{"monitor.target"}; // a scrape target went up/down

// Automatic failover (runtime/data/failovermanager.cpp, reported through the orchestrator)
inline constexpr QLatin1String FailoverSuspect{"failover.suspect"};     // primary not answering
inline constexpr QLatin1String FailoverRecovered{"failover.recovered"}; // it answered again
inline constexpr QLatin1String FailoverFence{"failover.fence"};         // old primary fenced
inline constexpr QLatin1String FailoverSplitBrainRisk{"failover.split_brain_risk"};
inline constexpr QLatin1String FailoverDiverged{"failover.diverged"};
inline constexpr QLatin1String FailoverNoCandidate{"failover.no_candidate"};
inline constexpr QLatin1String FailoverPromote{"failover.promote"}; // a replica chosen
inline constexpr QLatin1String FailoverError{"failover.error"};
inline constexpr QLatin1String FailoverRepoint{"failover.repoint"}; // a replica follows it
inline constexpr QLatin1String FailoverDone{"failover.done"};

// The orchestrator (runtime/orchestrator*.cpp, nodeprocess.cpp)
inline constexpr QLatin1String RuntimeStarting{"runtime.starting"}; // a node launched: role
inline constexpr QLatin1String RuntimeReady{"runtime.ready"};       // it is ready: pid, address
inline constexpr QLatin1String RuntimePortChanged{"runtime.port_changed"}; // planned port taken
inline constexpr QLatin1String RuntimePlanNote{"runtime.plan_note"};       // address plan note
inline constexpr QLatin1String RuntimeRunning{"runtime.running"};          // every node is ready
inline constexpr QLatin1String RuntimeExited{"runtime.exited"}; // a node ended: code, fault
inline constexpr QLatin1String RuntimeFault{"runtime.fault"};   // a fault injected
inline constexpr QLatin1String RuntimeRestartFailed{"runtime.restart_failed"};
inline constexpr QLatin1String RuntimeStartFailed{"runtime.start_failed"}; // the run failed
inline constexpr QLatin1String RuntimeStopping{"runtime.stopping"};
inline constexpr QLatin1String RuntimeStopped{"runtime.stopped"};
inline constexpr QLatin1String RuntimeBadLine{"runtime.bad_line"}; // stdout line not an event
inline constexpr QLatin1String RuntimeEventsDropped{"runtime.events_dropped"}; // recorder full

// The request driver (runtime/gateway/requestdriver.cpp), node "browser": a request of a
// walkthrough is done (trace, asked_ns, dns_id, dns_client, status, error): a replay rebuilds it
inline constexpr QLatin1String BrowserRequest{"browser.request"};

// The CLI (runtime/cli)
inline constexpr QLatin1String CliEventsDropped{"cli.events_dropped"}; // stdout reader too slow

// The designer (app/live)
inline constexpr QLatin1String DesignerEventsDropped{"designer.events_dropped"}; // GUI behind

} // namespace infrastage::EventKind
