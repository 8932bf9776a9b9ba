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

    // The whole response map, for ops with their own fields (status, checksum, ...). An answer
    // read by fromPayload() is decoded into it only here, when asked.
    QCborMap raw() const;

    static DbResult fromResponse(const QCborMap &response);
    // The answer in `payload` (one frame's CBOR map) with its fields read straight from the
    // bytes, and its "id". False if it is not a map this reader takes: decodeMessage() then
    // decodes it (and says what is wrong with it, if anything).
    static bool fromPayload(const QByteArray &payload, DbResult *result, qint64 *id);
    static DbResult failure(DbErrorCode code, const QString &error);

private:
    QCborMap m_raw;       // fromResponse()
    QByteArray m_payload; // fromPayload(): raw() decodes it
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
