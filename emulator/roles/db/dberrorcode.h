#pragma once

namespace infrastage::db {

// Error codes of the database protocol (docs/protocols.md). Server-side codes below 2000, codes
// the client library produces itself from 2000 (as MySQL's CR_* client errors do).
enum class DbErrorCode : int {
    None = 0,              // success
    BadFrame = 1000,       // the payload is not a CBOR map
    FrameTooLarge = 1001,  // the frame exceeds the server's limit; the connection is closed
    BadRequest = 1002,     // a field is missing or has the wrong type
    UnknownOp = 1003,      // "op" names nothing the server knows
    SqlError = 1100,       // SQLite refused the statement; "sqlite_code" holds its code
    Constraint = 1101,     // a UNIQUE/NOT NULL/CHECK/PRIMARY KEY constraint failed
    NotAllowed = 1102,     // BEGIN, PRAGMA, ATTACH, triggers or writes to internal tables
    NoPrimaryKey = 1103,   // a table without a PRIMARY KEY cannot be logged row by row
    ReadOnly = 1290,       // a write sent to a replica or fenced server (MySQL's 1290)
    NotPrimary = 1291,     // a replication request sent to a server that cannot serve it
    Diverged = 1300,       // the replica's transaction history is not a prefix of the primary's
    ReplicationGap = 1301, // a binary log entry arrived out of order
    ConnectionLost = 2013, // client: the connection closed before the answer (MySQL's 2013)
    Timeout = 2014,        // client: no answer within the request timeout
    NotConnected = 2015,   // client: the request was made while not connected
};

} // namespace infrastage::db
