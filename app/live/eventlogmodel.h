#pragma once

#include "eventcategory.h"
#include "runtimeevent.h"

#include <QAbstractTableModel>

#include <deque>

namespace infrastage::gui {

// The event stream of a run as a table: the last `capacity` events, oldest first. Columns:
// time since the run began, node, kind, trace, details. Rows arrive in batches.
class EventLogModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Time, Node, Kind, Trace, Details, ColumnCount };
    enum Role { CategoryRole = Qt::UserRole + 1, TraceRole, SearchTextRole };

    explicit EventLogModel(int capacity = 20000, QObject *parent = nullptr);

    void append(const QList<runtime::RuntimeEvent> &events);
    void clear();
    const runtime::RuntimeEvent &event(int row) const { return m_rows.at(size_t(row)); }
    // Every event of `trace` still held, in order.
    QList<runtime::RuntimeEvent> traceEvents(const QString &trace) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    int m_capacity;
    qint64 m_t0 = 0;
    std::deque<runtime::RuntimeEvent> m_rows;
};

} // namespace infrastage::gui
