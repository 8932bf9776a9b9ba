#include "faultspanel.h"

#include "events/eventkind.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace infrastage::gui {

using runtime::Fault;
using runtime::FaultKind;

namespace {

// Faults that replace each other share a key: a second slow replaces the first.
QString keyOf(const Fault &f) {
    switch (f.kind) {
    case FaultKind::Kill:
    case FaultKind::Restart:
        return QStringLiteral("down ") + f.node;
    case FaultKind::Freeze:
    case FaultKind::Resume:
        return QStringLiteral("frozen ") + f.node;
    case FaultKind::Slow:
        return QStringLiteral("slow ") + f.node;
    case FaultKind::Cut:
    case FaultKind::Heal:
    case FaultKind::Delay:
    case FaultKind::Loss: {
        const QString a = qMin(f.node, f.peer), b = qMax(f.node, f.peer);
        const QString what = f.kind == FaultKind::Delay  ? QStringLiteral("delay")
                             : f.kind == FaultKind::Loss ? QStringLiteral("loss")
                                                         : QStringLiteral("cut");
        return QStringLiteral("%1 %2 %3").arg(what, a, b);
    }
    case FaultKind::Promote:
        break;
    }
    return QString();
}

} // namespace

FaultsPanel::FaultsPanel(QWidget *parent)
    : QWidget(parent)
    , m_list(new QListWidget(this))
    , m_undo(new QPushButton(tr("Undo"), this))
    , m_undoAll(new QPushButton(tr("Undo All"), this)) {
    m_list->setAccessibleName(tr("Faults in force"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_undo);
    buttons->addWidget(m_undoAll);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_list);
    layout->addLayout(buttons);
    connect(m_undo, &QPushButton::clicked, this, [this] {
        const int row = m_list->currentRow();
        if (row >= 0 && row < m_active.size())
            emit undoRequested(inverse(std::next(m_active.cbegin(), row).value()));
    });
    connect(m_undoAll, &QPushButton::clicked, this, [this] {
        for (const Fault &f : std::as_const(m_active))
            emit undoRequested(inverse(f));
    });
    connect(m_list, &QListWidget::currentRowChanged, this, [this] { refresh(); });
    refresh();
}

Fault FaultsPanel::inverse(const Fault &fault) {
    Fault undo = fault;
    switch (fault.kind) {
    case FaultKind::Kill:
        undo.kind = FaultKind::Restart;
        break;
    case FaultKind::Freeze:
        undo.kind = FaultKind::Resume;
        break;
    case FaultKind::Slow:
    case FaultKind::Delay:
        undo.ms = 0;
        break;
    case FaultKind::Loss:
        undo.percent = 0;
        break;
    case FaultKind::Cut:
        undo.kind = FaultKind::Heal;
        break;
    default:
        break;
    }
    return undo;
}

void FaultsPanel::addEvents(const QList<runtime::RuntimeEvent> &events) {
    bool changed = false;
    for (const runtime::RuntimeEvent &e : events) {
        Fault f;
        if (e.kind != EventKind::RuntimeFault ||
            !runtime::faultKindFromName(e.details.value(QLatin1String("fault")).toString(),
                                        &f.kind))
            continue;
        f.node = e.node;
        f.ms = e.details.value(QLatin1String("ms")).toInt();
        f.peer = e.details.value(QLatin1String("peer")).toString();
        f.percent = e.details.value(QLatin1String("percent")).toInt();
        const QString key = keyOf(f);
        if (key.isEmpty())
            continue;
        const bool inForce =
            f.kind == FaultKind::Kill || f.kind == FaultKind::Freeze || f.kind == FaultKind::Cut ||
            ((f.kind == FaultKind::Slow || f.kind == FaultKind::Delay) && f.ms > 0) ||
            (f.kind == FaultKind::Loss && f.percent > 0);
        if (inForce)
            m_active.insert(key, f);
        else
            m_active.remove(key);
        changed = true;
    }
    if (changed)
        refresh();
}

void FaultsPanel::clear() {
    m_active.clear();
    refresh();
}

QStringList FaultsPanel::active() const {
    QStringList out;
    for (const Fault &f : m_active)
        out << f.describe();
    return out;
}

void FaultsPanel::refresh() {
    const int row = m_list->currentRow();
    const QSignalBlocker block(m_list);
    m_list->clear();
    m_list->addItems(active());
    if (m_active.isEmpty())
        m_list->addItem(tr("No fault in force. Right-click a node or a link of the running "
                           "design to inject one."));
    m_list->setCurrentRow(qMin(row, int(m_active.size()) - 1));
    m_undo->setEnabled(!m_active.isEmpty() && m_list->currentRow() >= 0);
    m_undoAll->setEnabled(!m_active.isEmpty());
}

} // namespace infrastage::gui
