#include "changeapplier.h"

#define SQLITE_ENABLE_SESSION 1
#define SQLITE_ENABLE_PREUPDATE_HOOK 1
#include <sqlite3.h>

namespace infrastage::db {

namespace {

QString quoted(const QString &name) {
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QLatin1String("\"\"")) +
           QLatin1Char('"');
}

void finalizeAll(QHash<QByteArray, sqlite3_stmt *> &statements) {
    for (sqlite3_stmt *s : std::as_const(statements))
        sqlite3_finalize(s);
    statements.clear();
}

// The condition that column `column` still holds its before-image, parameter `param`. A NULL
// before-image of a column outside the key matches anything: SQLite 3.40's pre-update hook
// reports NULL, not the default, for a column added by ALTER TABLE ADD COLUMN after the row was
// written, so NULL there does not tell what the row held.
QString beforeImage(const QString &column, int param, bool key) {
    return key ? QStringLiteral("%1 IS ?%2").arg(column).arg(param)
               : QStringLiteral("(%1 IS ?%2 OR ?%2 IS NULL)").arg(column).arg(param);
}

// Steps a statement whose parameters are bound, then makes it ready for the next use.
int run(sqlite3_stmt *s) {
    const int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return rc;
}

} // namespace

ChangeApplier::~ChangeApplier() {
    schemaChanged();
}

void ChangeApplier::schemaChanged() {
    for (Table &t : m_tables) {
        sqlite3_finalize(t.insert);
        sqlite3_finalize(t.remove);
        sqlite3_finalize(t.exists);
        finalizeAll(t.updates);
    }
    m_tables.clear();
}

sqlite3_stmt *ChangeApplier::prepare(const QString &sql, QString *why) {
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt *s = nullptr;
    if (sqlite3_prepare_v3(m_db, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &s,
                           nullptr) != SQLITE_OK) {
        *why = QString::fromUtf8(sqlite3_errmsg(m_db));
        sqlite3_finalize(s);
        return nullptr;
    }
    return s;
}

ChangeApplier::Table *ChangeApplier::table(const char *name, int columns, const unsigned char *pk,
                                           QString *why) {
    const QByteArray key(name);
    auto it = m_tables.find(key);
    if (it != m_tables.end() && it->columns.size() == columns)
        return &*it;
    Table t;
    sqlite3_stmt *info = nullptr;
    sqlite3_prepare_v2(m_db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid", -1, &info,
                       nullptr);
    sqlite3_bind_text(info, 1, name, -1, SQLITE_STATIC);
    while (sqlite3_step(info) == SQLITE_ROW)
        t.columns.append(quoted(
            QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(info, 0)))));
    sqlite3_finalize(info);
    const QString table = quoted(QString::fromUtf8(name));
    if (t.columns.size() != columns) {
        *why = QStringLiteral("table %1 has %2 columns here, %3 in the primary's log")
                   .arg(QString::fromUtf8(name))
                   .arg(t.columns.size())
                   .arg(columns);
        return nullptr;
    }
    t.name = table;
    t.pk = QByteArray(reinterpret_cast<const char *>(pk), columns);
    QStringList params, all, keys;
    for (int i = 0; i < columns; ++i) {
        params.append(QStringLiteral("?%1").arg(i + 1));
        all.append(beforeImage(t.columns.at(i), i + 1, pk[i]));
        if (pk[i])
            keys.append(QStringLiteral("%1 IS ?%2").arg(t.columns.at(i)).arg(i + 1));
    }
    const QString andWord = QStringLiteral(" AND ");
    t.insert =
        prepare(QStringLiteral("INSERT INTO main.%1(%2) VALUES (%3)")
                    .arg(table, t.columns.join(QLatin1Char(',')), params.join(QLatin1Char(','))),
                why);
    t.remove =
        prepare(QStringLiteral("DELETE FROM main.%1 WHERE %2").arg(table, all.join(andWord)), why);
    t.exists = prepare(
        QStringLiteral("SELECT 1 FROM main.%1 WHERE %2").arg(table, keys.join(andWord)), why);
    if (it != m_tables.end()) { // the table changed shape: drop the old statements
        sqlite3_finalize(it->insert);
        sqlite3_finalize(it->remove);
        sqlite3_finalize(it->exists);
        finalizeAll(it->updates);
    }
    it = m_tables.insert(key, t);
    if (!t.insert || !t.remove || !t.exists) {
        schemaChanged();
        return nullptr;
    }
    return &*it;
}

sqlite3_stmt *ChangeApplier::updateFor(Table &t, const QByteArray &changed, QString *why) {
    if (sqlite3_stmt *s = t.updates.value(changed))
        return s;
    // Parameter i+1 is column i's new value, columns + i + 1 its old one (key or changed).
    const int n = int(t.columns.size());
    QStringList sets, checks;
    for (int i = 0; i < n; ++i) {
        if (changed.at(i))
            sets.append(QStringLiteral("%1 = ?%2").arg(t.columns.at(i)).arg(i + 1));
        if (changed.at(i) || t.pk.at(i))
            checks.append(beforeImage(t.columns.at(i), n + i + 1, t.pk.at(i)));
    }
    sqlite3_stmt *s =
        prepare(QStringLiteral("UPDATE main.%1 SET %2 WHERE %3")
                    .arg(t.name, sets.join(QLatin1Char(',')), checks.join(QStringLiteral(" AND "))),
                why);
    if (s)
        t.updates.insert(changed, s);
    return s;
}

bool ChangeApplier::missingOrDiffers(Table &t, const char *name, sqlite3_changeset_iter *it,
                                     QString *why) {
    for (int i = 0; i < t.columns.size(); ++i) {
        if (!t.pk.at(i))
            continue;
        sqlite3_value *v = nullptr;
        sqlite3changeset_old(it, i, &v);
        sqlite3_bind_value(t.exists, i + 1, v);
    }
    const bool found = run(t.exists) == SQLITE_ROW;
    *why = QStringLiteral("%1 in table %2")
               .arg(found ? QStringLiteral("row differs from the primary's before-image")
                          : QStringLiteral("row not found"),
                    QString::fromUtf8(name));
    return false;
}

bool ChangeApplier::applyOne(sqlite3_changeset_iter *it, QString *why) {
    const char *name = nullptr;
    int columns = 0, op = 0, indirect = 0;
    unsigned char *pk = nullptr;
    if (sqlite3changeset_op(it, &name, &columns, &op, &indirect) != SQLITE_OK ||
        sqlite3changeset_pk(it, &pk, nullptr) != SQLITE_OK) {
        *why = QStringLiteral("unreadable change");
        return false;
    }
    Table *t = table(name, columns, pk, why);
    if (!t)
        return false;
    sqlite3_value *v = nullptr;
    if (op == SQLITE_INSERT) {
        for (int i = 0; i < columns; ++i) {
            sqlite3changeset_new(it, i, &v);
            sqlite3_bind_value(t->insert, i + 1, v);
        }
        const int rc = run(t->insert);
        if (rc == SQLITE_DONE)
            return true;
        *why =
            rc == SQLITE_CONSTRAINT_PRIMARYKEY
                ? QStringLiteral("duplicate primary key in table %1").arg(QString::fromUtf8(name))
            : (rc & 0xff) == SQLITE_CONSTRAINT
                ? QStringLiteral("constraint violation in table %1").arg(QString::fromUtf8(name))
                : QString::fromUtf8(sqlite3_errmsg(m_db));
        return false;
    }
    sqlite3_stmt *s = t->remove;
    if (op == SQLITE_UPDATE) {
        QByteArray changed(columns, 0);
        for (int i = 0; i < columns; ++i) {
            v = nullptr;
            sqlite3changeset_new(it, i, &v);
            changed[i] = v ? 1 : 0;
        }
        s = updateFor(*t, changed, why);
        if (!s)
            return false;
        for (int i = 0; i < columns; ++i) {
            v = nullptr;
            if (changed.at(i) && sqlite3changeset_new(it, i, &v) == SQLITE_OK && v)
                sqlite3_bind_value(s, i + 1, v);
            v = nullptr;
            if ((changed.at(i) || t->pk.at(i)) && sqlite3changeset_old(it, i, &v) == SQLITE_OK && v)
                sqlite3_bind_value(s, columns + i + 1, v);
        }
    } else {
        for (int i = 0; i < columns; ++i) {
            sqlite3changeset_old(it, i, &v);
            sqlite3_bind_value(s, i + 1, v);
        }
    }
    const int rc = run(s);
    if (rc != SQLITE_DONE) {
        *why = (rc & 0xff) == SQLITE_CONSTRAINT
                   ? QStringLiteral("constraint violation in table %1").arg(QString::fromUtf8(name))
                   : QString::fromUtf8(sqlite3_errmsg(m_db));
        return false;
    }
    return sqlite3_changes(m_db) > 0 || missingOrDiffers(*t, name, it, why);
}

bool ChangeApplier::apply(const QByteArray &changeset, QString *why) {
    QByteArray bytes = changeset;
    sqlite3_changeset_iter *it = nullptr;
    if (sqlite3changeset_start(&it, int(bytes.size()), bytes.data()) != SQLITE_OK) {
        *why = QStringLiteral("unreadable changeset");
        return false;
    }
    int rc;
    while ((rc = sqlite3changeset_next(it)) == SQLITE_ROW) {
        if (!applyOne(it, why)) {
            sqlite3changeset_finalize(it);
            return false;
        }
    }
    if (sqlite3changeset_finalize(it) != SQLITE_OK || rc != SQLITE_DONE) {
        *why = QStringLiteral("corrupt changeset");
        return false;
    }
    return true;
}

} // namespace infrastage::db
