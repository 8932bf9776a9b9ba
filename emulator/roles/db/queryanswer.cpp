#include "queryanswer.h"

#include "dbconnection.h"
#include "eventemitter.h"
#include "events/eventkind.h"
#include "http/fastevent.h"

#include <QBuffer>
#include <QCborStreamWriter>
#include <QCborValue>
#include <QJsonArray>
#include <QtEndian>

namespace infrastage::db {

namespace {

QString statementKind(const QString &sql) {
    const QString s = sql.trimmed();
    qsizetype end = 0;
    while (end < s.size() && s.at(end).isLetter())
        ++end;
    return end ? s.left(end).toLower() : QStringLiteral("other");
}

} // namespace

QueryAnswer::QueryAnswer(qint64 id, const QString &trace, const QList<DbStatement> &statements,
                         const ExecOutcome &outcome, const Context &context)
    : m_id(id)
    , m_trace(trace)
    , m_statement(statements.size() == 1 ? statementKind(statements.first().sql)
                                         : QStringLiteral("transaction"))
    , m_outcome(outcome)
    , m_context(context) {
    if (roles::EventEmitter::detail()) {
        for (const DbStatement &s : statements)
            m_sql.append(s.sql);
    }
    if (m_outcome.code == DbErrorCode::ReadOnly)
        m_outcome.error = context.readOnlyMessage;
}

void QueryAnswer::deliver(DbConnection *connection, int semisync) const {
    // The event is stamped before the answer leaves: once it has, the client goes on to its next
    // step, and an event stamped later could sort after that step's events (the walkthrough
    // orders a request's hops by time).
    report(semisync);
    if (connection) {
        connection->sendFrame(frame(semisync));
        connection->finish();
    }
}

QByteArray QueryAnswer::frame(int semisync) const {
    const ExecOutcome &o = m_outcome;
    QByteArray frame(4, Qt::Uninitialized); // the length, filled in below
    {
        QBuffer out(&frame); // appending: QCborStreamWriter(QByteArray *) writes from byte 0
        out.open(QIODevice::WriteOnly | QIODevice::Append);
        QCborStreamWriter w(&out);
        w.startMap(); // of indefinite length: the fields depend on the outcome
        w.append(QLatin1String("id"));
        w.append(m_id);
        w.append(QLatin1String("ok"));
        w.append(o.ok);
        w.append(QLatin1String("served_by"));
        w.append(roles::EventEmitter::node());
        w.append(QLatin1String("role"));
        w.append(m_context.role);
        if (o.ok) {
            w.append(QLatin1String("columns"));
            w.startArray(quint64(o.columns.size()));
            for (const QString &c : o.columns)
                w.append(c);
            w.endArray();
            w.append(QLatin1String("rows"));
            QCborValue(o.rows).toCbor(w);
            w.append(QLatin1String("changes"));
            w.append(o.changes);
            w.append(QLatin1String("last_insert_id"));
            w.append(o.lastInsertId);
        } else {
            w.append(QLatin1String("code"));
            w.append(int(o.code));
            w.append(QLatin1String("error"));
            w.append(o.error);
            if (o.sqliteCode) {
                w.append(QLatin1String("sqlite_code"));
                w.append(o.sqliteCode);
            }
        }
        // The last transaction this server has: a client that wrote transaction N reads its
        // own write from here only if position >= N (read-your-writes by transaction id).
        w.append(QLatin1String("position"));
        w.append(m_context.position);
        if (o.entry.seq > 0) {
            w.append(QLatin1String("seq"));
            w.append(o.entry.seq);
        }
        if (semisync >= 0) {
            w.append(QLatin1String("semisync"));
            w.append(semisync > 0);
        }
        w.endMap();
    }
    qToBigEndian<quint32>(quint32(frame.size() - 4), frame.data());
    return frame;
}

void QueryAnswer::report(int semisync) const {
    const ExecOutcome &o = m_outcome;
    if (!m_sql.isEmpty()) { // detail on: the hop inspector shows the statements themselves
        QJsonObject ev{{QStringLiteral("statement"), m_statement},
                       {QStringLiteral("ok"), o.ok},
                       {QStringLiteral("us"), m_context.us},
                       {QStringLiteral("role"), m_context.role},
                       {QStringLiteral("sql"), QJsonArray::fromStringList(m_sql)}};
        if (m_context.group > 1)
            ev.insert(QStringLiteral("group"), m_context.group);
        if (o.ok) {
            ev.insert(QStringLiteral("rows"), o.rows.size());
            ev.insert(QStringLiteral("changes"), o.changes);
        } else {
            ev.insert(QStringLiteral("code"), int(o.code));
            ev.insert(QStringLiteral("error"), o.error);
        }
        if (o.entry.seq > 0)
            ev.insert(QStringLiteral("seq"), o.entry.seq);
        if (semisync >= 0)
            ev.insert(QStringLiteral("semisync"), semisync > 0);
        roles::EventEmitter::emitEvent(EventKind::DbQuery, ev, m_trace);
        return;
    }
    roles::FastEvent ev(EventKind::DbQuery.latin1(), m_trace.toLatin1());
    ev.add("statement", m_statement).add("ok", o.ok).add("us", m_context.us);
    ev.add("role", m_context.role);
    if (m_context.group > 1)
        ev.add("group", m_context.group);
    if (o.ok)
        ev.add("rows", qint64(o.rows.size())).add("changes", o.changes);
    else
        ev.add("code", int(o.code)).add("error", o.error);
    if (o.entry.seq > 0)
        ev.add("seq", o.entry.seq);
    if (semisync >= 0)
        ev.add("semisync", semisync > 0);
    ev.send();
}

} // namespace infrastage::db
