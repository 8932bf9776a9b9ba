#pragma once

#include "eventcategory.h"
#include "runtimeevent.h"

#include <QAbstractTableModel>

#include <deque>

namespace infrastage::gui {

// The event stream of a run as a table: the newest events, oldest first, at most `capacity` of
// them and at most `maxBytes` held (bytesOf each), whatever their details' size. Columns: time
// since the run began, node, kind, trace, details. Rows arrive in batches.
class EventLogModel final : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Time, Node, Kind, Trace, Details, ColumnCount };
    enum Role { CategoryRole = Qt::UserRole + 1, TraceRole, SearchTextRole };

    static constexpr qint64 kDefaultMaxBytes = 16 * 1024 * 1024;
    explicit EventLogModel(int capacity = 20000, qint64 maxBytes = kDefaultMaxBytes,
                           QObject *parent = nullptr);

    void append(const QList<runtime::RuntimeEvent> &events);
    void clear();
    // What the rows hold, by bytesOf: never more than maxBytes.
    qint64 bytes() const { return m_bytes; }
    // The memory an event holds on its own: the struct, its details (text, or parsed), its
    // trace id. Node and kind names are shared by all the events of a node.
    static qint64 bytesOf(const runtime::RuntimeEvent &event);
    const runtime::RuntimeEvent &event(int row) const { return m_rows.at(size_t(row)); }
    // Every event of `trace` still held, in order.
    QList<runtime::RuntimeEvent> traceEvents(const QString &trace) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    void dropOldest(int rows);

    int m_capacity;
    qint64 m_maxBytes;
    qint64 m_bytes = 0;
    qint64 m_t0 = 0;
    std::deque<runtime::RuntimeEvent> m_rows;
    std::deque<qint64> m_rowBytes; // bytesOf each row, as it was when it came
};

} // namespace infrastage::gui
