#pragma once

#include "dberrorcode.h"

#include <QCborArray>
#include <QCborMap>
#include <QString>
#include <QStringList>

namespace infrastage::db {

// One answer of a database server, as the client library hands it over.
struct DbResult {
    bool ok = false;
    DbErrorCode code = DbErrorCode::None;
    QString error;
    QStringList columns;
    QCborArray rows; // arrays of values: integer, double, string, byte array or null
    qint64 changes = 0;
    qint64 lastInsertId = 0;
    qint64 seq = 0;      // the transaction id of a committed write, 0 for reads
    qint64 position = 0; // the last transaction the answering server had applied
    QString servedBy;    // node id of the server that answered
    QString role;        // its role when it answered: primary, replica, fenced
    QCborMap raw;        // the whole response map, for ops with their own fields (status, ...)

    static DbResult fromResponse(const QCborMap &response);
    static DbResult failure(DbErrorCode code, const QString &error);
};

// One statement with its positional parameters (?1, ?2 or ?).
struct DbStatement {
    QString sql;
    QCborArray params;
};

// The request maps of op "query" and op "transaction" ("id" is left to the client).
QCborMap queryRequest(const QString &sql, const QCborArray &params, const QString &trace);
QCborMap transactionRequest(const QList<DbStatement> &statements, const QString &trace);

} // namespace infrastage::db
