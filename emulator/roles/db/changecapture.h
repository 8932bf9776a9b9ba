#pragma once

#include <QByteArray>
#include <QHash>

struct sqlite3;
struct sqlite3_value;

namespace infrastage::db {

// Records a request's row changes as it makes them, from SQLite's pre-update hook, straight
// into the session extension's changeset format (so sqlite3changeset_* can read the binary log,
// and ChangeApplier applies it). The session extension recorded only keys and old values and
// built the changeset in a second pass at the end (a SELECT per table, and a PRAGMA per table
// per transaction to learn the columns), which was most of a single-row write's cost.
//
// Records are in execution order, one per row change, with a table header whenever the table
// changes; several changes to one row stay separate records (the session extension merged
// them), which the applier replays in order. An UPDATE that changes the primary key is a DELETE
// and an INSERT, as in the session extension. Tables named infrastage_*, rows with a NULL key
// and tables without a PRIMARY KEY are not recorded.
class ChangeCapture final {
public:
    ChangeCapture() = default;
    ChangeCapture(const ChangeCapture &) = delete;
    ChangeCapture &operator=(const ChangeCapture &) = delete;

    void install(sqlite3 *db); // the hook stays installed; start() and take() turn recording on/off

    void start();      // begin recording (drops anything recorded and not taken)
    QByteArray take(); // what was recorded since start() or the last take(); keeps recording
    void stop();       // stop recording, drop what was not taken
    void schemaChanged() { m_tables.clear(); }

private:
    struct Table {
        int columns = 0;
        QByteArray pk; // per column: 0, or its position in the primary key (1-based)
        bool usable = false;
    };
    static void hook(void *self, sqlite3 *db, int op, const char *schema, const char *table,
                     qint64 oldKey, qint64 newKey);
    void record(int op, const char *table);
    const Table *table(const char *name);
    void header(const char *name, const Table &t);
    void putRow(bool old, const Table &t);
    void putValue(sqlite3_value *v);
    void putVarint(quint64 v);

    sqlite3 *m_db = nullptr;
    bool m_on = false;
    QByteArray m_buffer;
    QByteArray m_lastTable; // the table of the last record in m_buffer
    QHash<QByteArray, Table> m_tables;
};

} // namespace infrastage::db
