#pragma once

#include "analysis/finding.h"
#include "gateway/chaosrow.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace infrastage::gui {

// Measured versus predicted: fails each node of the design in turn on fresh runs (chaos) and
// shows, beside each node's static single-point-of-failure findings, the share of reads and
// writes that still succeeded. Rows where the measurement and the analysis disagree are
// highlighted.
class ChaosPanel final : public QWidget {
    Q_OBJECT

public:
    explicit ChaosPanel(QWidget *parent = nullptr);

    void setFindings(const Findings &findings) { m_findings = findings; }
    void setCanMeasure(bool can, const QString &why = QString());
    void begin();
    void setProgress(const QString &text);
    void addRow(const runtime::ChaosRow &row);
    void finish();
    int rows() const;
    int disagreements() const { return m_disagreements; }

Q_SIGNALS:
    void measureRequested();

private:
    Findings m_findings;
    QPushButton *m_measure;
    QLabel *m_status;
    QTableWidget *m_table;
    int m_disagreements = 0;
};

} // namespace infrastage::gui
