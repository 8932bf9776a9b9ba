#pragma once

#include <QByteArray>
#include <QString>

namespace infrastage::roles::agent {

// What /proc says about one process of the server (Linux).
struct ProcessStats {
    bool found = false;
    qint64 pid = 0;
    double cpuSeconds = 0; // user + system time
    qint64 residentBytes = 0;
    int openFds = 0;
    int threads = 0;
};

// Finds one role process of the server by its command line (`infrastage-node ROLE --config
// PATH`: the configuration path names the node) and reads its figures from /proc/PID. The pid
// is remembered and checked again on each read, so a restarted node is found anew.
class ProcessProbe final {
public:
    explicit ProcessProbe(QString configPath);
    ProcessStats read();

private:
    bool matches(qint64 pid) const;
    qint64 find() const;

    QByteArray m_needle; // "--config\0PATH\0" as it appears in /proc/PID/cmdline
    qint64 m_pid = 0;
};

} // namespace infrastage::roles::agent
