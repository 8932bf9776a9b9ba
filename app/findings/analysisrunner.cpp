#include "analysisrunner.h"

#include "analysis/analyzer.h"
#include "model/topology.h"

namespace infrastage::gui {

AnalysisRunner::AnalysisRunner(const Topology *topology, QObject *parent)
    : QObject(parent)
    , m_topology(topology) {
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, [this] { runNow(); });
    connect(topology, &Topology::changed, this, [this] {
        m_pending = true;
        m_timer.start();
    });
    m_pending = true;
    m_timer.start();
}

void AnalysisRunner::runNow(bool force) {
    if (!m_pending && !force)
        return;
    m_pending = false;
    m_timer.stop();
    Findings findings = analyzeTopology(m_topology->data());
    if (findings == m_findings && !force)
        return;
    m_findings = findings;
    Q_EMIT findingsChanged(m_findings);
}

} // namespace infrastage::gui
