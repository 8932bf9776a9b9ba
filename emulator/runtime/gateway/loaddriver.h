#pragma once

#include "loadgenerator.h"
#include "loadspec.h"
#include "loadtally.h"
#include "metricswindow.h"
#include "runreport.h"
#include "siteurl.h"

#include <QObject>

class QTimer;

namespace infrastage::runtime {

class Orchestrator;

// Drives one load through a running design: finds where clients connect (through the
// design's DNS when it has one), runs a LoadGenerator there, applies the scheduled faults,
// reports a MetricSnapshot per interval and, at the end, the RunReport. Used through
// DesignGateway::startLoad.
class LoadDriver final : public QObject {
    Q_OBJECT

public:
    LoadDriver(Orchestrator *orchestrator, LoadSpec spec, QObject *parent = nullptr);

    // False (with the reason) when the URL cannot be used; otherwise the signals follow.
    bool begin(QString *error);
    void stop(); // no new requests; `finished` once those under way are answered

signals:
    void notice(const QString &text); // something the user should know ("goes to HTTPS")
    void snapshot(const infrastage::runtime::MetricSnapshot &snapshot);
    void finished(const infrastage::runtime::RunReport &report);
    void failed(const QString &error);

private:
    void onEvent(const RuntimeEvent &event);
    void useFallbackTarget();
    void drive(const QString &address, int port);
    void report();
    void fail(const QString &error);

    Orchestrator *m_orchestrator;
    LoadSpec m_spec;
    SiteUrl m_url;
    LoadGenerator *m_load = nullptr;
    QTimer *m_snapshotTimer;
    MetricsWindow m_window;
    LoadTally m_tally;            // every request since the start, for the report
    QList<RuntimeEvent> m_events; // health transitions and VRRP state changes
    QList<RunReport::FaultRecord> m_faults;
    qint64 m_loadStartNs = 0;
    bool m_stopRequested = false;
    bool m_done = false;
};

} // namespace infrastage::runtime
