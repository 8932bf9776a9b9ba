#include "eventlogmodel.h"

#include "eventdetails.h"

#include <QJsonDocument>

#include <vector>

namespace infrastage::gui {

using runtime::RuntimeEvent;

EventLogModel::EventLogModel(int capacity, qint64 maxBytes, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(capacity)
    , m_maxBytes(maxBytes) {}

qint64 EventLogModel::bytesOf(const RuntimeEvent &e) {
    // A parsed object is about four times its text (QCborValue's elements and strings); the
    // events of a designer's run mostly come as text only.
    const qint64 parsed = e.details.isEmpty() ? 0 : 64 + 4 * qMax<qint64>(64, e.detailsJson.size());
    return qint64(sizeof(RuntimeEvent)) + e.detailsJson.capacity() + 2 * e.trace.capacity() +
           parsed;
}

void EventLogModel::dropOldest(int rows) {
    if (rows <= 0)
        return;
    beginRemoveRows(QModelIndex(), 0, rows - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + rows);
    for (int i = 0; i < rows; ++i)
        m_bytes -= m_rowBytes.at(size_t(i));
    m_rowBytes.erase(m_rowBytes.begin(), m_rowBytes.begin() + rows);
    endRemoveRows();
}

void EventLogModel::append(const QList<RuntimeEvent> &events) {
    if (events.isEmpty())
        return;
    if (m_rows.empty() && m_t0 == 0)
        m_t0 = events.first().t;
    // The newest of the batch that fit on their own: a huge batch (a GUI thread that fell
    // behind) keeps its end. An event larger than the whole window is not held, and neither is
    // anything older than it.
    qsizetype first = events.size();
    qint64 incomingBytes = 0;
    std::vector<qint64> sizes;
    while (first > 0 && events.size() - first < m_capacity) {
        const qint64 b = bytesOf(events.at(first - 1));
        if (incomingBytes + b > m_maxBytes)
            break;
        incomingBytes += b;
        sizes.push_back(b);
        --first;
    }
    const int incoming = int(events.size() - first);
    const int rows = int(m_rows.size());
    // Then the oldest rows go, if the newcomers do not fit: all of them when part of the batch
    // did not fit (the window never skips an event between two it holds), else down to 7/8 of
    // the window, since the views' cost of a removal grows with the rows left, not the rows
    // removed: one removal every few batches instead of one each.
    if (first > 0 || rows + incoming > m_capacity || m_bytes + incomingBytes > m_maxBytes) {
        const qint64 keepRows = first > 0 ? 0 : m_capacity - m_capacity / 8 - incoming;
        const qint64 keepBytes = m_maxBytes - m_maxBytes / 8 - incomingBytes;
        int drop = 0;
        qint64 freed = 0;
        while (drop < rows && (rows - drop > keepRows || m_bytes - freed > keepBytes))
            freed += m_rowBytes.at(size_t(drop++));
        dropOldest(drop);
    }
    if (incoming == 0)
        return;
    beginInsertRows(QModelIndex(), int(m_rows.size()), int(m_rows.size()) + incoming - 1);
    m_rows.insert(m_rows.end(), events.begin() + first, events.end());
    m_rowBytes.insert(m_rowBytes.end(), sizes.rbegin(), sizes.rend());
    m_bytes += incomingBytes;
    endInsertRows();
}

void EventLogModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_rowBytes.clear();
    m_bytes = 0;
    m_t0 = 0;
    endResetModel();
}

QList<RuntimeEvent> EventLogModel::traceEvents(const QString &trace) const {
    QList<RuntimeEvent> out;
    if (trace.isEmpty())
        return out;
    for (const RuntimeEvent &e : m_rows) {
        if (e.trace == trace) {
            out << e;
            runtime::parseDetails(&out.last()); // a request's hops come as text
        }
    }
    return out;
}

int EventLogModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const {
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return QVariant();
    const RuntimeEvent &e = m_rows.at(size_t(index.row()));
    // The text the node wrote when the event has it (nearly all do): no serializing.
    auto details = [&e] {
        return QString::fromUtf8(e.detailsJson.isEmpty()
                                     ? QJsonDocument(e.details).toJson(QJsonDocument::Compact)
                                     : e.detailsJson);
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Time:
            return QString::number(double(e.t - m_t0) / 1e9, 'f', 3);
        case Node:
            return e.node;
        case Kind:
            return e.kind;
        case Trace:
            return e.trace.left(8);
        case Details:
            return details().left(300);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Details)
            return details();
        if (index.column() == Trace)
            return e.trace;
        break;
    case CategoryRole:
        return int(eventCategory(e.kind));
    case TraceRole:
        return e.trace;
    case SearchTextRole:
        return e.node + QLatin1Char(' ') + e.kind + QLatin1Char(' ') + e.trace + QLatin1Char(' ') +
               details();
    }
    return QVariant();
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case Time:
        return tr("Time (s)");
    case Node:
        return tr("Node");
    case Kind:
        return tr("Event");
    case Trace:
        return tr("Trace");
    case Details:
        return tr("Details");
    }
    return QVariant();
}

} // namespace infrastage::gui
