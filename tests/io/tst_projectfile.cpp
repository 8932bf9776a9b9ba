// The .infrastage project file: lossless round trips, atomic saves, migrations, and refusal of
// newer or damaged files without touching them.
#include "io/jsonformat.h"
#include "io/projectfile.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace infrastage;

namespace {

QString example(const char *name) {
    return QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/%1.infra.json").arg(QLatin1String(name));
}

QByteArray fileHash(const QString &path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

void execSql(const QString &path, const char *sql) {
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(QFile::encodeName(path).constData(), &db), SQLITE_OK);
    char *err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    QVERIFY2(rc == SQLITE_OK, err);
    sqlite3_close(db);
}

} // namespace

class TestProjectFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTripIsLossless_data() {
        QTest::addColumn<QString>("path");
        for (const char *name : {"one-server", "three-server", "secured-monitored", "scale-up"})
            QTest::newRow(name) << example(name);
    }

    void roundTripIsLossless() {
        // JSON -> project file -> JSON gives identical bytes.
        QFETCH(QString, path);
        QTemporaryDir dir;
        TopologyData original;
        QString error;
        QVERIFY2(TopologyFile::load(path, &original, &error), qPrintable(error));
        const QString project = dir.filePath(QStringLiteral("p.infrastage"));
        QVERIFY2(TopologyFile::save(project, original, &error), qPrintable(error));
        QVERIFY(ProjectFile::looksLikeProject(project));
        TopologyData reopened;
        QVERIFY2(TopologyFile::load(project, &reopened, &error), qPrintable(error));
        QVERIFY(reopened == original);
        QCOMPARE(JsonFormat::write(reopened), JsonFormat::write(original));
        // Saving again over the existing file works and leaves no temporary behind.
        QVERIFY2(TopologyFile::save(project, reopened, &error), qPrintable(error));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
                 QStringList{QStringLiteral("p.infrastage")});
    }

    void newerSchemaIsRefusedAndNotOverwritten() {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("new.infrastage"));
        TopologyData t;
        QString error;
        QVERIFY(TopologyFile::load(example("three-server"), &t, &error));
        QVERIFY(TopologyFile::save(project, t, &error));
        execSql(project, "PRAGMA user_version = 99");
        const QByteArray before = fileHash(project);
        TopologyData out;
        QVERIFY(!TopologyFile::load(project, &out, &error));
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
        QVERIFY(!TopologyFile::save(project, t, &error));
        QVERIFY2(error.contains(QStringLiteral("not overwritten")), qPrintable(error));
        QCOMPARE(fileHash(project), before);
    }

    void damagedFilesAreRefused_data() {
        QTest::addColumn<QByteArray>("damage");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated header")
            << QByteArray("SQLite format 3\0\x10\x00", 19) << "project file";
        QTest::newRow("garbage after header")
            << QByteArray("SQLite format 3\0", 16) + QByteArray(8192, '\xA5') << "project file";
    }

    void damagedFilesAreRefused() {
        QFETCH(QByteArray, damage);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("bad.infrastage"));
        QFile f(project);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(damage);
        f.close();
        TopologyData t;
        t.name = QStringLiteral("untouched");
        QString error;
        QVERIFY(!TopologyFile::load(project, &t, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QCOMPARE(t.name, QStringLiteral("untouched"));
        QCOMPARE(f.size(), damage.size());
    }

    void corruptedPagesAreRefused() {
        // A real project file with its table pages overwritten in the middle.
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("c.infrastage"));
        TopologyData t;
        QString error;
        QVERIFY(TopologyFile::load(example("scale-up"), &t, &error));
        QVERIFY(TopologyFile::save(project, t, &error));
        QFile f(project);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.size() > 8192);
        const qint64 size = f.size();
        f.seek(4096);
        f.write(QByteArray(size - 4096, '\xA5'));
        f.close();
        const QByteArray before = fileHash(project);
        TopologyData out;
        QVERIFY(!TopologyFile::load(project, &out, &error));
        QVERIFY2(error.contains(QStringLiteral("damaged")) ||
                     error.contains(QStringLiteral("invalid")),
                 qPrintable(error));
        QCOMPARE(fileHash(project), before);
    }

    void otherSqliteDatabaseIsRefused() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("other.infrastage"));
        execSql(path, "CREATE TABLE t(x); INSERT INTO t VALUES(1);");
        TopologyData t;
        QString error;
        QVERIFY(!TopologyFile::load(path, &t, &error));
        QVERIFY2(error.contains(QStringLiteral("not an Infrastage project")), qPrintable(error));
    }

    void schemaVersionOneIsMigratedInMemory() {
        // Version 1 kept positions in the nodes table; it opens, and the file stays as it was.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.infrastage"));
        execSql(path, R"(
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE nodes(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                               name TEXT NOT NULL, parent TEXT, properties TEXT NOT NULL,
                               x REAL NOT NULL, y REAL NOT NULL);
            CREATE TABLE links(ord INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
                               from_id TEXT NOT NULL, to_id TEXT NOT NULL, properties TEXT NOT NULL);
            INSERT INTO meta VALUES('name', 'Old design');
            INSERT INTO nodes VALUES(0, 'user', 'client', 'Browser', NULL, '{}', 10, 20);
            INSERT INTO nodes VALUES(1, 'lb', 'loadbalancer', 'HAProxy', NULL, '{"algorithm":"leastconn"}', 300, 40);
            INSERT INTO links VALUES(0, 'net', 'network', 'user', 'lb', '{"label":"Internet"}');
            PRAGMA application_id = 1229866578;
            PRAGMA user_version = 1;)");
        const QByteArray before = fileHash(path);
        TopologyData t;
        QString error;
        QVERIFY2(TopologyFile::load(path, &t, &error), qPrintable(error));
        QCOMPARE(t.name, QStringLiteral("Old design"));
        QCOMPARE(t.node(QStringLiteral("lb"))->position, QPointF(300, 40));
        QCOMPARE(t.node(QStringLiteral("lb"))->text(QStringLiteral("algorithm")),
                 QStringLiteral("leastconn"));
        QCOMPARE(t.link(QStringLiteral("net"))->text(QStringLiteral("label")),
                 QStringLiteral("Internet"));
        QCOMPARE(fileHash(path), before);
    }

    void failedSaveLeavesOldFileIntact() {
        QTemporaryDir dir;
        const QString project = dir.filePath(QStringLiteral("keep.infrastage"));
        TopologyData t;
        QString error;
        QVERIFY(TopologyFile::load(example("one-server"), &t, &error));
        QVERIFY(TopologyFile::save(project, t, &error));
        const QByteArray before = fileHash(project);
        // Block the temporary file's name with a directory so that the save must fail midway.
        QVERIFY(QDir(dir.path())
                    .mkdir(QStringLiteral("keep.infrastage.tmp-%1")
                               .arg(QCoreApplication::applicationPid())));
        TopologyData other;
        QVERIFY(TopologyFile::load(example("three-server"), &other, &error));
        QVERIFY(!TopologyFile::save(project, other, &error));
        QVERIFY2(error.contains(QStringLiteral("cannot save")), qPrintable(error));
        QCOMPARE(fileHash(project), before);
    }
};

QTEST_GUILESS_MAIN(TestProjectFile)
#include "tst_projectfile.moc"
