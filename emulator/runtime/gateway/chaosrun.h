#pragma once

#include "chaosrow.h"
#include "orchestrator.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSslCertificate>

class QTimer;

namespace infrastage::runtime {

// `chaos` without blocking: for each target in turn, starts the design afresh, writes once
// (so the guestbook table exists), kills the node (a server: all of its components) or cuts
// the link, and probes reads and writes as new visitors make them (ChaosProbe) for
// `seconds`, counting from when the design's own mechanisms have had time to act (settleTime:
// a SPOF is what no automatic mechanism recovers from); then stops the design and goes on. An async
// state machine driven by the orchestrator's signals and the probes' answers: no nested event loop.
class ChaosRun final : public QObject {
    Q_OBJECT

public:
    ChaosRun(TopologyData topology, ChaosSpec spec, Orchestrator::Options options,
             QObject *parent = nullptr);
    ~ChaosRun() override;

    void start();
    void cancel(); // stops the current design; `finished` follows with the rows measured so far
    bool isRunning() const { return m_orchestrator != nullptr; }
    // Every DNS, load balancer, server, web, application and database node and every standalone
    // firewall on a way in from the internet, in the design's order, then the internet links.
    static QStringList defaultTargets(const TopologyData &topology);
    // Why `target` (a node or link id) cannot be failed by chaos; empty when it can.
    static QString refusal(const TopologyData &topology, const QString &target);
    // The links failing `target` cuts: the link itself, or every internet link through a
    // standalone firewall; empty for a node that is killed.
    static QStringList linksCutBy(const TopologyData &topology, const QString &target);
    // How long the design's own mechanisms take to act on the failure of `target`, plus a
    // margin: the load balancers' health checks (check_fall x check_inter) for what is behind
    // them, a primary's failover_timeout, a VRRP takeover (4 advert_int); 0 where nothing
    // recovers (a DNS server, an internet link, a firewall).
    static int settleTime(const TopologyData &topology, const QString &target);

signals:
    void measuring(const QString &node);
    void measured(const infrastage::runtime::ChaosRow &row);
    void problem(const QString &text); // "server-1: the topology did not start: ..."
    void finished(const QList<infrastage::runtime::ChaosRow> &rows);

private:
    enum class Probe { Read, Write };
    void startTarget();
    void onStarted();
    void killTargets();
    void afterExits(const QStringList &killed); // once every killed process is gone
    void failed();                              // the target is down: VRRP takeover, probes
    void beginProbing();
    void probeNext();
    void sendProbe(Probe kind);
    void onProbe(Probe kind, bool ok, bool counted, const QString &why);
    void stopTarget();
    void nextTarget();

    TopologyData m_topology;
    ChaosSpec m_spec;
    Orchestrator::Options m_options;
    QStringList m_targets;
    int m_index = -1;
    Orchestrator *m_orchestrator = nullptr;
    QTimer *m_deadline; // a start or stop that takes too long
    QElapsedTimer m_clock;
    int m_settleMs = 0; // the current target's: probes sent earlier after the failure do not
                        // count
    ChaosRow m_row;
    int m_probe = 0; // within the current group of four: read, read, write, write
    int m_reads = 0, m_readOk = 0, m_writes = 0, m_writeOk = 0;
    QList<ChaosRow> m_rows;
    QList<QSslCertificate> m_trusted; // the run's certificate, when it serves HTTPS
    bool m_cancelled = false;
};

} // namespace infrastage::runtime
