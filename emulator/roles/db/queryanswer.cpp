#include "queryanswer.h"

#include "dbconnection.h"
#include "eventemitter.h"
#include "events/eventkind.h"
#include "http/fastevent.h"

#include "cborwriter.h"

#include <QCborValue>
#include <QJsonArray>

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
    QByteArray frame;
    frame.reserve(128);
    CborWriter w(&frame);
    w.beginFrame();
    const bool hasSeq = o.entry.seq > 0;
    const int fields =
        5 + (o.ok ? 4 : (o.sqliteCode ? 3 : 2)) + (hasSeq ? 1 : 0) + (semisync >= 0 ? 1 : 0);
    w.startMap(quint64(fields));
    w.key(QLatin1StringView("id"));
    w.integer(m_id);
    w.key(QLatin1StringView("ok"));
    w.boolean(o.ok);
    w.key(QLatin1StringView("served_by"));
    w.text(roles::EventEmitter::node());
    w.key(QLatin1StringView("role"));
    w.text(m_context.role);
    if (o.ok) {
        w.key(QLatin1StringView("columns"));
        w.startArray(quint64(o.columns.size()));
        for (const QString &c : o.columns)
            w.text(c);
        w.key(QLatin1StringView("rows"));
        w.startArray(quint64(o.rows.size()));
        for (const QCborValue &row : o.rows)
            w.value(row);
        w.key(QLatin1StringView("changes"));
        w.integer(o.changes);
        w.key(QLatin1StringView("last_insert_id"));
        w.integer(o.lastInsertId);
    } else {
        w.key(QLatin1StringView("code"));
        w.integer(int(o.code));
        w.key(QLatin1StringView("error"));
        w.text(o.error);
        if (o.sqliteCode) {
            w.key(QLatin1StringView("sqlite_code"));
            w.integer(o.sqliteCode);
        }
    }
    // The last transaction this server has: a client that wrote transaction N reads its
    // own write from here only if position >= N (read-your-writes by transaction id).
    w.key(QLatin1StringView("position"));
    w.integer(m_context.position);
    if (hasSeq) {
        w.key(QLatin1StringView("seq"));
        w.integer(o.entry.seq);
    }
    if (semisync >= 0) {
        w.key(QLatin1StringView("semisync"));
        w.boolean(semisync > 0);
    }
    w.endFrame();
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
