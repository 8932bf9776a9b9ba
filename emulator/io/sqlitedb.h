#pragma once

#include <QString>

#include <sqlite3.h>

#include <memory>

// Small RAII and text helpers over the SQLite C API for the project file's readers and writers.
namespace infrastage::SqliteDb {

struct DbCloser {
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
    void operator()(sqlite3_stmt *s) const { sqlite3_finalize(s); }
};
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

inline QString lastError(sqlite3 *db) {
    return QString::fromUtf8(sqlite3_errmsg(db));
}

inline bool exec(sqlite3 *db, const char *sql, QString *error) {
    char *msg = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(msg ? msg : "unknown SQLite error");
        sqlite3_free(msg);
        return false;
    }
    return true;
}

inline Stmt prepare(sqlite3 *db, const char *sql) {
    sqlite3_stmt *s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) != SQLITE_OK)
        return Stmt();
    return Stmt(s);
}

inline QString columnText(sqlite3_stmt *s, int col) {
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(s, col));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(s, col)) : QString();
}

inline void bindText(sqlite3_stmt *s, int index, const QString &text) {
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(s, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

// Opens `path` read-only; on failure an empty handle and the reason.
inline Db openReadOnly(const QString &path, QString *error) {
    sqlite3 *raw = nullptr;
    const QByteArray name = path.toLocal8Bit();
    const int rc = sqlite3_open_v2(name.constData(), &raw, SQLITE_OPEN_READONLY, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK) {
        if (error)
            *error = lastError(raw);
        return Db();
    }
    return db;
}

} // namespace infrastage::SqliteDb
