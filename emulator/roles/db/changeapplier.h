#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_changeset_iter;

namespace infrastage::db {

// Applies changesets (the binary log's row changes) on a replica with statements prepared once
// per table and kept, where sqlite3changeset_apply prepared them, and read the table's columns,
// on every call. The checks are sqlite3changeset_apply's: an INSERT whose key exists, a DELETE
// or UPDATE whose row is missing, or whose before-image differs from the row, is a conflict,
// and the applier stops there (as MySQL's applier stops on 1032/1062) rather than guess.
class ChangeApplier final {
public:
    ChangeApplier() = default;
    ~ChangeApplier();
    ChangeApplier(const ChangeApplier &) = delete;
    ChangeApplier &operator=(const ChangeApplier &) = delete;

    void setDatabase(sqlite3 *db) { m_db = db; }
    // Applies every change in order; false, with what and where, on the first that conflicts.
    bool apply(const QByteArray &changeset, QString *why);
    void schemaChanged(); // statements and column lists are stale after DDL

private:
    struct Table {
        QString name;        // quoted
        QStringList columns; // quoted names, in column order
        QByteArray pk;       // per column: non-zero when part of the primary key
        sqlite3_stmt *insert = nullptr;
        sqlite3_stmt *remove = nullptr; // DELETE matching the whole before-image
        sqlite3_stmt *exists = nullptr; // SELECT by key, to tell "not found" from "differs"
        QHash<QByteArray, sqlite3_stmt *> updates; // by which columns change
    };
    Table *table(const char *name, int columns, const unsigned char *pk, QString *why);
    sqlite3_stmt *prepare(const QString &sql, QString *why);
    sqlite3_stmt *updateFor(Table &t, const QByteArray &changed, QString *why);
    bool applyOne(sqlite3_changeset_iter *it, QString *why);
    bool missingOrDiffers(Table &t, const char *name, sqlite3_changeset_iter *it, QString *why);

    sqlite3 *m_db = nullptr;
    QHash<QByteArray, Table> m_tables;
};

} // namespace infrastage::db
