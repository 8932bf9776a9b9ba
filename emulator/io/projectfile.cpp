#include "projectfile.h"

#include "jsonformat.h"
#include "model/kindspec.h"
#include "model/topologydata.h"
#include "projectrecordings.h"
#include "sqlitedb.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <unistd.h>

#include <functional>
#include <memory>

namespace infrastage::ProjectFile {

namespace {

constexpr int kApplicationId = 0x494e4652; // "INFR"

using namespace SqliteDb;

int pragmaInt(sqlite3 *db, const char *sql, bool *ok) {
    Stmt s = prepare(db, sql);
    *ok = s && sqlite3_step(s.get()) == SQLITE_ROW;
    return *ok ? sqlite3_column_int(s.get(), 0) : 0;
}

// The schema of the current version. Version history:
//   1: nodes held their canvas position in x/y columns.
//   2: the layout moved to its own table (one row per node), ready for more view state.
//   3: recordings of runs (ProjectRecordings::kSchema), replayed without running anything.
const char *kSchema = R"(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE nodes(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                   name TEXT NOT NULL, parent TEXT, properties TEXT NOT NULL);
CREATE TABLE layout(node_id TEXT PRIMARY KEY, x REAL NOT NULL, y REAL NOT NULL);
CREATE TABLE links(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                   from_id TEXT NOT NULL, to_id TEXT NOT NULL, properties TEXT NOT NULL);
)";

// Migrations, applied in memory to a copy of an older file: index i upgrades version i+1 to i+2.
const char *kMigrations[] = {
    R"(CREATE TABLE layout(node_id TEXT PRIMARY KEY, x REAL NOT NULL, y REAL NOT NULL);
       INSERT INTO layout(node_id, x, y) SELECT id, x, y FROM nodes;
       ALTER TABLE nodes DROP COLUMN x;
       ALTER TABLE nodes DROP COLUMN y;)",
    ProjectRecordings::kSchema,
};
static_assert(sizeof(kMigrations) / sizeof(kMigrations[0]) == kSchemaVersion - 1);

QJsonObject parseObject(const QString &text, bool *ok) {
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &err);
    *ok = err.error == QJsonParseError::NoError && doc.isObject();
    return doc.object();
}

bool readTables(sqlite3 *db, TopologyData *topology, QString *error) {
    QJsonObject root;
    root.insert(QStringLiteral("format"), QLatin1String(JsonFormat::kFormatName));
    root.insert(QStringLiteral("version"), JsonFormat::kVersion);
    {
        Stmt s = prepare(db, "SELECT key, value FROM meta WHERE key IN ('name','description')");
        if (!s) {
            *error = QStringLiteral("damaged project file: ") + lastError(db);
            return false;
        }
        while (sqlite3_step(s.get()) == SQLITE_ROW)
            root.insert(columnText(s.get(), 0), columnText(s.get(), 1));
    }
    QJsonArray nodes;
    {
        Stmt s = prepare(db, "SELECT n.id, n.kind, n.name, n.parent, n.properties, l.x, l.y "
                             "FROM nodes n LEFT JOIN layout l ON l.node_id = n.id ORDER BY n.ord");
        if (!s) {
            *error = QStringLiteral("damaged project file: ") + lastError(db);
            return false;
        }
        while (sqlite3_step(s.get()) == SQLITE_ROW) {
            QJsonObject n;
            n.insert(QStringLiteral("id"), columnText(s.get(), 0));
            n.insert(QStringLiteral("kind"), columnText(s.get(), 1));
            n.insert(QStringLiteral("name"), columnText(s.get(), 2));
            if (sqlite3_column_type(s.get(), 3) != SQLITE_NULL)
                n.insert(QStringLiteral("parent"), columnText(s.get(), 3));
            bool ok = false;
            const QJsonObject props = parseObject(columnText(s.get(), 4), &ok);
            if (!ok) {
                *error = QStringLiteral("damaged project file: node '%1' has unreadable "
                                        "properties")
                             .arg(columnText(s.get(), 0));
                return false;
            }
            n.insert(QStringLiteral("properties"), props);
            n.insert(QStringLiteral("position"),
                     QJsonObject{{QStringLiteral("x"), sqlite3_column_double(s.get(), 5)},
                                 {QStringLiteral("y"), sqlite3_column_double(s.get(), 6)}});
            nodes.append(n);
        }
    }
    QJsonArray links;
    {
        Stmt s = prepare(db, "SELECT id, kind, from_id, to_id, properties FROM links ORDER BY ord");
        if (!s) {
            *error = QStringLiteral("damaged project file: ") + lastError(db);
            return false;
        }
        while (sqlite3_step(s.get()) == SQLITE_ROW) {
            QJsonObject l;
            l.insert(QStringLiteral("id"), columnText(s.get(), 0));
            l.insert(QStringLiteral("kind"), columnText(s.get(), 1));
            l.insert(QStringLiteral("from"), columnText(s.get(), 2));
            l.insert(QStringLiteral("to"), columnText(s.get(), 3));
            bool ok = false;
            const QJsonObject props = parseObject(columnText(s.get(), 4), &ok);
            if (!ok) {
                *error = QStringLiteral("damaged project file: link '%1' has unreadable "
                                        "properties")
                             .arg(columnText(s.get(), 0));
                return false;
            }
            l.insert(QStringLiteral("properties"), props);
            links.append(l);
        }
    }
    root.insert(QStringLiteral("nodes"), nodes);
    root.insert(QStringLiteral("links"), links);
    QString why;
    if (!JsonFormat::read(QJsonDocument(root).toJson(QJsonDocument::Compact), topology, &why)) {
        *error = QStringLiteral("invalid project content: ") + why;
        return false;
    }
    return true;
}

bool writeTables(sqlite3 *db, const TopologyData &t, QString *error) {
    if (!exec(db, kSchema, error) || !exec(db, ProjectRecordings::kSchema, error))
        return false;
    // Properties are stored exactly as the JSON writer writes them, so the two agree.
    const QJsonObject doc = QJsonDocument::fromJson(JsonFormat::write(t)).object();
    Stmt meta = prepare(db, "INSERT INTO meta(key, value) VALUES(?, ?)");
    for (const auto &[key, value] :
         {std::pair{QStringLiteral("name"), t.name},
          std::pair{QStringLiteral("description"), t.description},
          std::pair{QStringLiteral("application"), QStringLiteral("infrastage")}}) {
        bindText(meta.get(), 1, key);
        bindText(meta.get(), 2, value);
        if (sqlite3_step(meta.get()) != SQLITE_DONE) {
            *error = lastError(db);
            return false;
        }
        sqlite3_reset(meta.get());
    }
    Stmt node = prepare(db, "INSERT INTO nodes(ord, id, kind, name, parent, properties) "
                            "VALUES(?, ?, ?, ?, ?, ?)");
    Stmt layout = prepare(db, "INSERT INTO layout(node_id, x, y) VALUES(?, ?, ?)");
    const QJsonArray nodes = doc.value(QLatin1String("nodes")).toArray();
    for (int i = 0; i < t.nodes().size(); ++i) {
        const Node &n = t.nodes().at(i);
        sqlite3_bind_int(node.get(), 1, i);
        bindText(node.get(), 2, n.id);
        bindText(node.get(), 3, nodeKindName(n.kind));
        bindText(node.get(), 4, n.name);
        if (n.parent.isEmpty())
            sqlite3_bind_null(node.get(), 5);
        else
            bindText(node.get(), 5, n.parent);
        const QJsonObject props =
            nodes.at(i).toObject().value(QLatin1String("properties")).toObject();
        bindText(node.get(), 6,
                 QString::fromUtf8(QJsonDocument(props).toJson(QJsonDocument::Compact)));
        bindText(layout.get(), 1, n.id);
        sqlite3_bind_double(layout.get(), 2, n.position.x());
        sqlite3_bind_double(layout.get(), 3, n.position.y());
        if (sqlite3_step(node.get()) != SQLITE_DONE || sqlite3_step(layout.get()) != SQLITE_DONE) {
            *error = lastError(db);
            return false;
        }
        sqlite3_reset(node.get());
        sqlite3_reset(layout.get());
    }
    Stmt link = prepare(db, "INSERT INTO links(ord, id, kind, from_id, to_id, properties) "
                            "VALUES(?, ?, ?, ?, ?, ?)");
    const QJsonArray links = doc.value(QLatin1String("links")).toArray();
    for (int i = 0; i < t.links().size(); ++i) {
        const Link &l = t.links().at(i);
        sqlite3_bind_int(link.get(), 1, i);
        bindText(link.get(), 2, l.id);
        bindText(link.get(), 3, linkKindName(l.kind));
        bindText(link.get(), 4, l.from);
        bindText(link.get(), 5, l.to);
        const QJsonObject props =
            links.at(i).toObject().value(QLatin1String("properties")).toObject();
        bindText(link.get(), 6,
                 QString::fromUtf8(QJsonDocument(props).toJson(QJsonDocument::Compact)));
        if (sqlite3_step(link.get()) != SQLITE_DONE) {
            *error = lastError(db);
            return false;
        }
        sqlite3_reset(link.get());
    }
    const QByteArray pragmas =
        QStringLiteral("PRAGMA user_version = %1; PRAGMA application_id = %2;")
            .arg(kSchemaVersion)
            .arg(kApplicationId)
            .toUtf8();
    return exec(db, pragmas.constData(), error);
}

// Opens an existing file read-only and checks it is ours, intact and not too new.
Db openChecked(const QString &path, int *version, QString *error) {
    sqlite3 *raw = nullptr;
    const QByteArray uri = QFile::encodeName(path);
    const int rc = sqlite3_open_v2(uri.constData(), &raw, SQLITE_OPEN_READONLY, nullptr);
    Db db(raw);
    if (rc != SQLITE_OK) {
        *error = QStringLiteral("cannot open project file: ") + lastError(raw);
        return Db();
    }
    bool ok = false;
    const int appId = pragmaInt(db.get(), "PRAGMA application_id", &ok);
    if (!ok) {
        *error = QStringLiteral("damaged project file: ") + lastError(db.get());
        return Db();
    }
    if (appId != kApplicationId) {
        *error = QStringLiteral("an SQLite database, but not an Infrastage project file");
        return Db();
    }
    *version = pragmaInt(db.get(), "PRAGMA user_version", &ok);
    if (*version > kSchemaVersion) {
        *error = QStringLiteral("the project file is schema version %1, newer than this program "
                                "understands (%2); update Infrastage to open it")
                     .arg(*version)
                     .arg(kSchemaVersion);
        return Db();
    }
    if (*version < 1) {
        *error = QStringLiteral("damaged project file: no schema version");
        return Db();
    }
    Stmt check = prepare(db.get(), "PRAGMA quick_check");
    if (!check || sqlite3_step(check.get()) != SQLITE_ROW ||
        columnText(check.get(), 0) != QLatin1String("ok")) {
        *error = QStringLiteral("damaged project file: integrity check failed (%1)")
                     .arg(check ? columnText(check.get(), 0) : lastError(db.get()));
        return Db();
    }
    return db;
}

} // namespace

bool looksLikeProject(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    return f.read(16) == QByteArray("SQLite format 3\0", 16);
}

bool load(const QString &path, TopologyData *topology, QString *error) {
    QString why;
    int version = 0;
    Db file = openChecked(path, &version, &why);
    if (!file) {
        if (error)
            *error = why;
        return false;
    }
    sqlite3 *db = file.get();
    Db memory;
    if (version < kSchemaVersion) {
        // Upgrade a copy in memory; the file on disk is never written by a load.
        sqlite3 *raw = nullptr;
        sqlite3_open(":memory:", &raw);
        memory.reset(raw);
        sqlite3_backup *backup = sqlite3_backup_init(raw, "main", file.get(), "main");
        const bool copied = backup && sqlite3_backup_step(backup, -1) == SQLITE_DONE;
        sqlite3_backup_finish(backup);
        if (!copied) {
            if (error)
                *error = QStringLiteral("damaged project file: ") + lastError(raw);
            return false;
        }
        for (int v = version; v < kSchemaVersion; ++v) {
            if (!exec(raw, kMigrations[v - 1], &why)) {
                if (error)
                    *error = QStringLiteral("damaged project file: cannot upgrade schema %1: %2")
                                 .arg(v)
                                 .arg(why);
                return false;
            }
        }
        db = raw;
    }
    TopologyData t;
    if (!exec(db, "BEGIN", &why) || !readTables(db, &t, &why)) {
        if (error)
            *error = why;
        return false;
    }
    exec(db, "COMMIT", &why);
    *topology = t;
    return true;
}

bool save(const QString &path, const TopologyData &topology, QString *error,
          SavedRecordings *recordings) {
    auto failWith = [&](const QString &msg) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, msg);
        return false;
    };
    if (QFileInfo::exists(path) && looksLikeProject(path)) {
        int version = 0;
        QString why;
        if (!openChecked(path, &version, &why) && why.contains(QLatin1String("newer")))
            return failWith(why + QStringLiteral("; not overwritten"));
    }
    // Without a list, the recordings the file holds now are kept.
    SavedRecordings kept;
    if (!recordings) {
        recordings = &kept;
        if (QFileInfo::exists(path) && looksLikeProject(path))
            ProjectRecordings::list(path, &kept.keep, nullptr);
    }
    recordings->saved.clear();
    recordings->warnings.clear();
    const QString temp = QStringLiteral("%1.tmp-%2").arg(path).arg(::getpid());
    QFile::remove(temp);
    QString why;
    {
        sqlite3 *raw = nullptr;
        const QByteArray name = QFile::encodeName(temp);
        const int rc = sqlite3_open_v2(name.constData(), &raw,
                                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        Db db(raw);
        if (rc != SQLITE_OK) {
            why = lastError(raw);
        } else if (!exec(db.get(), "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; BEGIN",
                         &why) ||
                   !writeTables(db.get(), topology, &why) || !exec(db.get(), "COMMIT", &why) ||
                   !ProjectRecordings::copyInto(db.get(), recordings->keep, &recordings->saved,
                                                &recordings->warnings, &why)) {
            // why is set
        }
    }
    if (!why.isEmpty()) {
        QFile::remove(temp);
        return failWith(QStringLiteral("cannot save: ") + why);
    }
    {
        QFile f(temp);
        if (f.open(QIODevice::ReadOnly))
            ::fsync(f.handle());
    }
    if (::rename(QFile::encodeName(temp).constData(), QFile::encodeName(path).constData()) != 0) {
        QFile::remove(temp);
        return failWith(QStringLiteral("cannot replace the file: %1").arg(qt_error_string(errno)));
    }
    const QString absolute = QFileInfo(path).absoluteFilePath();
    for (RecordingInfo &r : recordings->saved)
        r.path = absolute;
    return true;
}

} // namespace infrastage::ProjectFile
