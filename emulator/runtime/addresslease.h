#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace infrastage::runtime {

// Which running design holds a loopback address on this machine. Two runs of designs that share
// a design address (every example has 8.8.8.8 and 192.168.1.x) would listen on the same loopback
// address: the second one's nodes move to other ports, and as nodes are killed and restarted
// the runs take each other's ports, so requests, health checks and scrapes meant for one run
// reach the other (a killed load balancer still "answers"). A run therefore holds a lease on
// every loopback address it listens on, and a second run wanting one of them is refused, told
// which run has it.
//
// A lease is an exclusive flock(2) on `<dir>/<address>` (dir: /tmp/infrastage-addresses, shared
// by every user, as the addresses are), holding the owner's description for the message. The
// kernel drops the lock when its holder exits, however it ends: no lease outlives its run.
// With INFRASTAGE_LEASE_WAIT=S in the environment (the test suite's) a held address is waited
// for, S seconds at most, instead of refused at once.
class AddressLease final {
public:
    AddressLease() = default;
    ~AddressLease() { release(); }
    AddressLease(const AddressLease &) = delete;
    AddressLease &operator=(const AddressLease &) = delete;

    enum class Result {
        Taken,         // every address is this lease's
        HeldByAnother, // one is another run's: `error` names it and the run
        Unavailable,   // the leases cannot be kept here (no directory, a bad name): `error` says
    };
    // Takes every one of `addresses` (loopback address -> how to name it to the user: the design
    // address it stands for) for `owner` (one line: the design and the run), or none. What this
    // lease held before is released first.
    Result acquire(const QMap<QString, QString> &addresses, const QString &owner, QString *error);
    void release();
    QStringList addresses() const { return m_addresses; }

    // Where the leases are.
    static QString directory();

private:
    QList<int> m_fds;
    QStringList m_addresses;
};

} // namespace infrastage::runtime
