#pragma once

#include "analysis/finding.h"

#include <QObject>
#include <QTimer>

namespace infrastage {
class Topology;
}

namespace infrastage::gui {

// Runs the analysis again after every edit. Edits arrive as several model signals, so a run is
// scheduled for the next turn of the event loop and happens once.
class AnalysisRunner final : public QObject {
    Q_OBJECT

public:
    explicit AnalysisRunner(const Topology *topology, QObject *parent = nullptr);

    const Findings &findings() const { return m_findings; }
    // Runs now if a run is pending (or always, with `force`).
    void runNow(bool force = false);

Q_SIGNALS:
    void findingsChanged(const infrastage::Findings &findings);

private:
    const Topology *m_topology;
    QTimer m_timer;
    Findings m_findings;
    bool m_pending = false;
};

} // namespace infrastage::gui
