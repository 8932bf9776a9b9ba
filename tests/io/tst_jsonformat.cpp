// The *.infra.json interchange format: stable output, lossless round trips, every kind of bad
// input refused with a message that says what and where.
#include "io/jsonformat.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace infrastage;

namespace {

QString example(const char *name) {
    return QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples/%1.infra.json").arg(QLatin1String(name));
}

QByteArray readAll(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestJsonFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void examplesAreCanonical_data() {
        QTest::addColumn<QString>("path");
        for (const char *name : {"one-server", "three-server", "secured-monitored", "scale-up"})
            QTest::newRow(name) << example(name);
    }

    void examplesAreCanonical() {
        // Reading an example and writing it again gives the same bytes: stable key order,
        // every property written, nothing lost.
        QFETCH(QString, path);
        TopologyData t;
        QString error;
        QVERIFY2(TopologyFile::load(path, &t, &error), qPrintable(error));
        QCOMPARE(JsonFormat::write(t), readAll(path));
    }

    void referenceDesignIsTheThreeServerExample() {
        TopologyData t;
        QString error;
        QVERIFY2(TopologyFile::load(example("three-server"), &t, &error), qPrintable(error));
        QCOMPARE(t.node(QStringLiteral("lb"))->text(QStringLiteral("ip")),
                 QStringLiteral("8.8.8.8"));
        QCOMPARE(t.node(QStringLiteral("server-1"))->text(QStringLiteral("ip")),
                 QStringLiteral("192.168.1.10"));
        QCOMPARE(t.node(QStringLiteral("server-2"))->text(QStringLiteral("ip")),
                 QStringLiteral("192.168.1.11"));
        QCOMPARE(t.node(QStringLiteral("server-1-db"))->text(QStringLiteral("role")),
                 QStringLiteral("primary"));
        QCOMPARE(t.node(QStringLiteral("server-2-db"))->text(QStringLiteral("role")),
                 QStringLiteral("replica"));
        QCOMPARE(t.link(QStringLiteral("replication"))->from, QStringLiteral("server-1-db"));
        QCOMPARE(t.link(QStringLiteral("dns-www"))->text(QStringLiteral("name")),
                 QStringLiteral("www.foobar.com"));
    }

    void missingPropertiesTakeDefaults() {
        const QByteArray json =
            "{\"format\":\"infrastage-topology\",\"version\":1,\n            "
            "\"nodes\":[{\"id\":\"lb\",\"kind\":\"loadbalancer\"}],\"links\":[]}";
        TopologyData t;
        QString error;
        QVERIFY2(JsonFormat::read(json, &t, &error), qPrintable(error));
        QCOMPARE(t.node(QStringLiteral("lb"))->number(QStringLiteral("check_fall")), 3);
        QCOMPARE(t.node(QStringLiteral("lb"))->name, QStringLiteral("load balancer"));
    }

    void badInput_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const QByteArray head = "{\"format\":\"infrastage-topology\",\"version\":1,";
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("truncated")
            << QByteArray("{\"format\":\"infrastage-topology\",\"vers") << "line 1, column";
        QTest::newRow("garbage") << QByteArray("\x00\xff\xfe\x89PNG\r\n\x1a\n\x00\x01", 12)
                                 << "not valid JSON";
        QTest::newRow("array") << QByteArray("[1,2,3]") << "top level must be a JSON object";
        QTest::newRow("other format")
            << QByteArray("{\"format\":\"drawio\",\"version\":1,\"nodes\":[]}")
            << "not an Infrastage topology";
        QTest::newRow("newer")
            << QByteArray("{\"format\":\"infrastage-topology\",\"version\":99,\"nodes\":[]}")
            << "newer than this program";
        QTest::newRow("version type")
            << QByteArray("{\"format\":\"infrastage-topology\",\"version\":\"1\",\"nodes\":[]}")
            << "'version' must be an integer";
        QTest::newRow("nodes not array") << head + "\"nodes\":{}}"
                                         << "'nodes' must be an array";
        QTest::newRow("unknown kind") << head + "\"nodes\":[{\"id\":\"x\",\"kind\":\"mainframe\"}]}"
                                      << "node 'x': unknown kind 'mainframe'";
        QTest::newRow("missing id") << head + "\"nodes\":[{\"kind\":\"dns\"}]}"
                                    << "nodes[0]: 'id' is missing";
        QTest::newRow("port as string")
            << head + "\"nodes\":[{\"id\":\"lb\",\"kind\":\"loadbalancer\",\"properties\":{"
                      "\"port\":\"80\"}}]}"
            << "node 'lb', property 'port': expected an integer";
        QTest::newRow("port out of range")
            << head + "\"nodes\":[{\"id\":\"lb\",\"kind\":\"loadbalancer\",\"properties\":{"
                      "\"port\":70000}}]}"
            << "node 'lb', field 'port': 70000 is not a port";
        QTest::newRow("bad ip") << head + "\"nodes\":[{\"id\":\"lb\",\"kind\":\"loadbalancer\","
                                          "\"properties\":{\"ip\":\"8.8.8\"}}]}"
                                << "'8.8.8' is not an IPv4 address";
        QTest::newRow("unknown property")
            << head + "\"nodes\":[{\"id\":\"lb\",\"kind\":\"loadbalancer\",\"properties\":{"
                      "\"colour\":\"red\"}}]}"
            << "unknown property 'colour'";
        QTest::newRow("bool as number") << head + "\"nodes\":[{\"id\":\"lb\",\"kind\":"
                                                  "\"loadbalancer\",\"properties\":{\"tls\":1}}]}"
                                        << "expected true or false";
        QTest::newRow("duplicate id") << head + "\"nodes\":[{\"id\":\"a\",\"kind\":\"client\"},{"
                                                "\"id\":\"a\",\"kind\":\"client\"}]}"
                                      << "duplicate id 'a'";
        QTest::newRow("dangling link")
            << head + "\"nodes\":[{\"id\":\"a\",\"kind\":\"client\"}],\"links\":[{\"id\":\"l\","
                      "\"kind\":\"network\",\"from\":\"a\",\"to\":\"b\"}]}"
            << "link 'l', field 'to': node 'b' does not exist";
        QTest::newRow("database outside server")
            << head + "\"nodes\":[{\"id\":\"db\",\"kind\":\"database\"}]}"
            << "node 'db', field 'parent': a database must be placed inside a server";
        QTest::newRow("nonsense link")
            << head + "\"nodes\":[{\"id\":\"a\",\"kind\":\"client\"},{\"id\":\"d\",\"kind\":"
                      "\"dns\"}],\"links\":[{\"id\":\"l\",\"kind\":\"replication\",\"from\":\"a\","
                      "\"to\":\"d\"}]}"
            << "a replication link cannot go from a client";
        QTest::newRow("position not numbers")
            << head + "\"nodes\":[{\"id\":\"a\",\"kind\":\"client\",\"position\":{\"x\":\"1\","
                      "\"y\":2}}]}"
            << "'position' must be";
        QTest::newRow("nested garbage") << head + "\"nodes\":[[[[[[[[[[]]]]]]]]]]}"
                                        << "nodes[0] must be an object";
    }

    void badInput() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        TopologyData t;
        t.name = QStringLiteral("untouched");
        QString error;
        QVERIFY(!JsonFormat::read(bytes, &t, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QCOMPARE(t.name, QStringLiteral("untouched"));
        QVERIFY(t.nodes().isEmpty());
    }

    void hugeFileIsRefusedBeforeReading() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.infra.json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(100ll * 1024 * 1024)); // sparse: 100 MB without writing them
        f.close();
        TopologyData t;
        QString error;
        QVERIFY(!TopologyFile::load(path, &t, &error));
        QVERIFY2(error.contains(QStringLiteral("100 MB")), qPrintable(error));
        QVERIFY(error.startsWith(path));
    }

    void missingFileAndDirectory() {
        TopologyData t;
        QString error;
        QVERIFY(!TopologyFile::load(QStringLiteral("/nonexistent/x.infra.json"), &t, &error));
        QVERIFY(error.contains(QStringLiteral("no such file")));
        QVERIFY(!TopologyFile::load(QDir::tempPath(), &t, &error));
        QVERIFY(error.contains(QStringLiteral("directory")));
    }
};

QTEST_GUILESS_MAIN(TestJsonFormat)
#include "tst_jsonformat.moc"
