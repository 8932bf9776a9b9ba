#pragma once

#include "fault.h"
#include "runtimeevent.h"

#include <QMap>
#include <QWidget>

class QListWidget;
class QPushButton;

namespace infrastage::gui {

// The Faults dock: every fault in force on the running design (a node killed, frozen or slowed,
// a link cut), kept from the run's runtime.fault events whoever injected them, each undone with
// one click (restart, resume, normal speed, restore).
class FaultsPanel final : public QWidget {
    Q_OBJECT

public:
    explicit FaultsPanel(QWidget *parent = nullptr);

    void addEvents(const QList<runtime::RuntimeEvent> &events);
    void clear();
    QStringList active() const; // descriptions, for tests
    // The fault that undoes `fault` (restart for a kill, resume for a freeze, ...).
    static runtime::Fault inverse(const runtime::Fault &fault);

Q_SIGNALS:
    void undoRequested(const infrastage::runtime::Fault &fault);

private:
    void refresh();

    QMap<QString, runtime::Fault> m_active; // by what it acts on: "kill server-1-web", ...
    QListWidget *m_list;
    QPushButton *m_undo;
    QPushButton *m_undoAll;
};

} // namespace infrastage::gui
