#include "changecapture.h"

#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

#include <QtEndian>

#include <cstring>

namespace infrastage::db {

namespace {
constexpr char kTableHeader = 'T'; // a changeset's table header (a patchset's is 'P')
constexpr char kUndefined = 0x00;  // a column an UPDATE record does not carry
bool equal(sqlite3_value *a, sqlite3_value *b) {
    const int type = sqlite3_value_type(a);
    if (type != sqlite3_value_type(b))
        return false;
    switch (type) {
    case SQLITE_INTEGER:
        return sqlite3_value_int64(a) == sqlite3_value_int64(b);
    case SQLITE_FLOAT:
        return sqlite3_value_double(a) == sqlite3_value_double(b);
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
        const void *pa = sqlite3_value_blob(a), *pb = sqlite3_value_blob(b);
        const int n = sqlite3_value_bytes(a);
        return n == sqlite3_value_bytes(b) && (n == 0 || std::memcmp(pa, pb, size_t(n)) == 0);
    }
    default:
        return true; // both NULL
    }
}

} // namespace

void ChangeCapture::install(sqlite3 *db) {
    m_db = db;
    sqlite3_preupdate_hook(db, &ChangeCapture::hook, this);
}

void ChangeCapture::start() {
    m_on = true;
    m_buffer.clear();
    m_lastTable.clear();
}

QByteArray ChangeCapture::take() {
    m_lastTable.clear();
    return std::exchange(m_buffer, QByteArray());
}

void ChangeCapture::stop() {
    m_on = false;
    m_buffer.clear();
    m_lastTable.clear();
}

void ChangeCapture::hook(void *self, sqlite3 *, int op, const char *schema, const char *table,
                         qint64, qint64) {
    auto *c = static_cast<ChangeCapture *>(self);
    if (c->m_on && qstrcmp(schema, "main") == 0 && qstrncmp(table, "infrastage_", 11) != 0)
        c->record(op, table);
}

const ChangeCapture::Table *ChangeCapture::table(const char *name) {
    const QByteArray key(name);
    auto it = m_tables.find(key);
    if (it != m_tables.end())
        return &*it;
    Table t;
    sqlite3_stmt *s = nullptr;
    if (sqlite3_prepare_v2(m_db, "SELECT pk FROM pragma_table_info(?1) ORDER BY cid", -1, &s,
                           nullptr) == SQLITE_OK) {
        sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
        while (sqlite3_step(s) == SQLITE_ROW) {
            const int pk = sqlite3_column_int(s, 0);
            t.pk.append(char(pk));
            t.usable = t.usable || pk > 0;
        }
    }
    sqlite3_finalize(s);
    t.columns = int(t.pk.size());
    return &*m_tables.insert(key, t);
}

void ChangeCapture::record(int op, const char *name) {
    const Table *t = table(name);
    if (!t->usable || sqlite3_preupdate_count(m_db) != t->columns)
        return;
    auto value = [this](bool old, int i) {
        sqlite3_value *v = nullptr;
        if (old)
            sqlite3_preupdate_old(m_db, i, &v);
        else
            sqlite3_preupdate_new(m_db, i, &v);
        return v;
    };
    // A row with a NULL in its key cannot be identified on the replica: not recorded.
    for (int i = 0; i < t->columns; ++i) {
        if (t->pk.at(i) && op != SQLITE_INSERT && sqlite3_value_type(value(true, i)) == SQLITE_NULL)
            return;
        if (t->pk.at(i) && op != SQLITE_DELETE &&
            sqlite3_value_type(value(false, i)) == SQLITE_NULL)
            return;
    }
    if (op == SQLITE_UPDATE) {
        bool keyChanged = false, anyChanged = false;
        QByteArray changed(t->columns, 0);
        for (int i = 0; i < t->columns; ++i) {
            const bool same = equal(value(true, i), value(false, i));
            changed[i] = same ? 0 : 1;
            anyChanged = anyChanged || !same;
            keyChanged = keyChanged || (!same && t->pk.at(i));
        }
        if (!anyChanged)
            return;
        header(name, *t);
        if (keyChanged) { // as the session extension: the old row goes, the new one comes
            m_buffer.append(char(SQLITE_DELETE)).append(char(0));
            putRow(true, *t);
            m_buffer.append(char(SQLITE_INSERT)).append(char(0));
            putRow(false, *t);
            return;
        }
        m_buffer.append(char(SQLITE_UPDATE)).append(char(0));
        // Old: the key and the changed columns' old values; new: the changed columns' values.
        for (int i = 0; i < t->columns; ++i) {
            if (t->pk.at(i) || changed.at(i))
                putValue(value(true, i));
            else
                m_buffer.append(kUndefined);
        }
        for (int i = 0; i < t->columns; ++i) {
            if (changed.at(i))
                putValue(value(false, i));
            else
                m_buffer.append(kUndefined);
        }
        return;
    }
    header(name, *t);
    m_buffer.append(char(op)).append(char(0)); // op, not indirect
    putRow(op == SQLITE_DELETE, *t);
}

void ChangeCapture::header(const char *name, const Table &t) {
    if (m_lastTable == name)
        return;
    m_lastTable = name;
    m_buffer.append(kTableHeader);
    putVarint(quint64(t.columns));
    m_buffer.append(t.pk);
    m_buffer.append(name, qsizetype(std::strlen(name)) + 1); // with its terminating NUL
}

void ChangeCapture::putRow(bool old, const Table &t) {
    for (int i = 0; i < t.columns; ++i) {
        sqlite3_value *v = nullptr;
        if (old)
            sqlite3_preupdate_old(m_db, i, &v);
        else
            sqlite3_preupdate_new(m_db, i, &v);
        putValue(v);
    }
}

void ChangeCapture::putValue(sqlite3_value *v) {
    const int type = v ? sqlite3_value_type(v) : SQLITE_NULL;
    m_buffer.append(char(type));
    switch (type) {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT: {
        quint64 bits;
        if (type == SQLITE_INTEGER) {
            bits = quint64(sqlite3_value_int64(v));
        } else {
            const double d = sqlite3_value_double(v);
            std::memcpy(&bits, &d, sizeof bits);
        }
        char be[8];
        qToBigEndian(bits, be);
        m_buffer.append(be, 8);
        break;
    }
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
        const void *p = type == SQLITE_TEXT ? static_cast<const void *>(sqlite3_value_text(v))
                                            : sqlite3_value_blob(v);
        const int n = sqlite3_value_bytes(v);
        putVarint(quint64(n));
        m_buffer.append(static_cast<const char *>(p), n);
        break;
    }
    default: // NULL: the type byte says it all
        break;
    }
}

// SQLite's varint: big-endian groups of 7 bits, the high bit set on all but the last.
void ChangeCapture::putVarint(quint64 v) {
    char out[10];
    int n = 0;
    do {
        out[n++] = char(v & 0x7f);
        v >>= 7;
    } while (v && n < 9);
    for (int i = n - 1; i >= 0; --i)
        m_buffer.append(char(out[i] | (i > 0 ? 0x80 : 0)));
}

} // namespace infrastage::db
