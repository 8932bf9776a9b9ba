#pragma once

#include "dbresult.h"
#include "dbstore.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace infrastage::db {

class DbConnection;

// What one request of a commit group answers (its frame) and reports (its db.query event),
// both written straight into their bytes: a single-row write's answer and event cost more as
// QCborMap and QJsonObject than the write itself.
class QueryAnswer final {
public:
    struct Context {
        QString role;
        QString readOnlyMessage; // what a refused write is told
        qint64 position = 0;     // the last transaction the server has after the group
        qint64 us = 0;           // time the group took
        int group = 1;           // requests in the group
    };

    QueryAnswer(qint64 id, const QString &trace, const QList<DbStatement> &statements,
                const ExecOutcome &outcome, const Context &context);

    // Emits the event and sends the answer; semisync: -1 not semi-synchronous, else whether a
    // replica acknowledged the transaction.
    void deliver(DbConnection *connection, int semisync) const;
    qint64 seq() const { return m_outcome.entry.seq; }

private:
    QByteArray frame(int semisync) const;
    void report(int semisync) const;

    qint64 m_id;
    QString m_trace;
    QString m_statement; // "insert", "select", ... or "transaction"
    QStringList m_sql;   // the statements, for the hop inspector (detail on)
    ExecOutcome m_outcome;
    Context m_context;
};

} // namespace infrastage::db
