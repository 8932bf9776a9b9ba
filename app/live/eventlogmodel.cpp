#include "eventlogmodel.h"

#include "eventdetails.h"

#include <QJsonDocument>

namespace infrastage::gui {

using runtime::RuntimeEvent;

EventLogModel::EventLogModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(capacity) {}

void EventLogModel::append(const QList<RuntimeEvent> &events) {
    if (events.isEmpty())
        return;
    if (m_rows.empty() && m_t0 == 0)
        m_t0 = events.first().t;
    // Only the newest `capacity` of a huge batch are kept.
    const qsizetype skip = qMax<qsizetype>(0, events.size() - m_capacity);
    const int incoming = int(events.size() - skip);
    const int overflow = int(m_rows.size()) + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows(QModelIndex(), 0, overflow - 1);
        m_rows.erase(m_rows.begin(), m_rows.begin() + overflow);
        endRemoveRows();
    }
    const int first = int(m_rows.size());
    beginInsertRows(QModelIndex(), first, first + incoming - 1);
    m_rows.insert(m_rows.end(), events.begin() + skip, events.end());
    endInsertRows();
}

void EventLogModel::clear() {
    beginResetModel();
    m_rows.clear();
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
