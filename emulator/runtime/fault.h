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
};

struct Fault {
    FaultKind kind = FaultKind::Kill;
    QString node;
    QString peer;    // Cut/Heal: the node at the other end of the link
    int ms = 0;      // Slow: added latency
    double at = 0.0; // seconds after the load starts (CLI schedules); unused by the API

    QString describe() const; // "kill server-1-web", "slow server-1-app 200 ms", ...
};

QString faultKindName(FaultKind kind);
bool faultKindFromName(const QString &name, FaultKind *kind);

// Parses the CLI form KIND:NODE[=ARG]@SECONDS, e.g. "kill:server-1-web@2",
// "slow:server-1-app=200@1.5", "cut:server-2-app=server-1-db@3".
bool parseFault(const QString &spec, Fault *fault, QString *error);

} // namespace infrastage::runtime
