#pragma once

#include <QString>

namespace infrastage::runtime {

// A fault the orchestrator can inject into a running node.
enum class FaultKind {
    Kill,    // SIGKILL; the node stays down until restarted
    Freeze,  // SIGSTOP: the process holds its sockets but answers nothing
    Resume,  // SIGCONT after a freeze
    Slow,    // control {"cmd":"slow","ms":N}: added latency (0 removes it)
    Cut,     // control {"cmd":"cut"} to both ends: connections between two nodes refused
    Heal,    // control {"cmd":"heal"} to both ends: undoes a cut
    Restart, // stop (if running) and start again with the same address and port
    Promote, // control {"cmd":"promote"} to a replica database; apps and replicas repointed
    Delay,   // control {"cmd":"delay","ms":N} to both ends: N ms added to each request between
             // them (0 removes it)
    Loss,    // control {"cmd":"loss","percent":P} to both ends: P % of the requests and health
             // checks between them dropped (0 removes it, 100 is as good as a cut)
};

struct Fault {
    FaultKind kind = FaultKind::Kill;
    QString node;
    QString peer;    // Cut/Heal/Delay/Loss: the node at the other end of the link; empty for a
                     // cut of a network link between the internet and the design: `node` is its id
    int ms = 0;      // Slow, Delay: added latency
    double at = 0.0; // seconds after the load starts (CLI schedules); unused by the API
    int percent = 0; // Loss: the share of requests dropped

    QString describe() const; // "kill server-1-web", "slow server-1-app 200 ms", ...
};

QString faultKindName(FaultKind kind);
// Faults on a link (cut, heal, delay, loss) name the node at its other end.
bool faultNeedsPeer(FaultKind kind);
// Faults with a number: slow and delay (ms), loss (percent).
bool faultNeedsNumber(FaultKind kind);
// Delay and loss are applied by the roles whose traffic is requests (lb, web, app): a link
// takes them when both its ends have such a role.
bool roleTakesDelayAndLoss(const QString &role);
bool faultKindFromName(const QString &name, FaultKind *kind);

// Parses the CLI form KIND:NODE[=ARG]@SECONDS, e.g. "kill:server-1-web@2",
// "slow:server-1-app=200@1.5", "cut:server-2-app=server-1-db@3",
// "delay:lb=server-1-web,300@2" (ms), "loss:lb=server-1-web,30@2" (percent),
// "cut:isp-a@2" (a network link between the internet and the design, by its id).
bool parseFault(const QString &spec, Fault *fault, QString *error);

} // namespace infrastage::runtime
