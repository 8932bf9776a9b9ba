#pragma once

#include "analysis/finding.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace infrastage::gui {

// The findings dock: every finding by severity, its explanation, and a button for its
// automatic fix. Selecting a finding asks the window to select and reveal its nodes.
class FindingsPanel final : public QWidget {
    Q_OBJECT

public:
    explicit FindingsPanel(QWidget *parent = nullptr);

    void setFindings(const Findings &findings);
    const Findings &findings() const { return m_findings; }
    QTreeWidget *list() const { return m_list; }
    // Selects the row of finding `index` (as in findings()).
    void selectFinding(int index);

Q_SIGNALS:
    void findingActivated(const infrastage::Finding &finding);
    void fixRequested(const infrastage::Finding &finding);

private:
    void showDetails();
    int currentIndex() const;

    Findings m_findings;
    QTreeWidget *m_list;
    QLabel *m_details;
    QPushButton *m_fix;
};

} // namespace infrastage::gui
