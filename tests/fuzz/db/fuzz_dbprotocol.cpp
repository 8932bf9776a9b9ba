// Fuzz target for the database protocol (docs/protocols.md).
// In-process (libFuzzer entry point, or the built-in mutator): frames split at arbitrary points
// must decode to exactly what was encoded, and no input may crash the frame reader, the decoder
// or the client's result parser; the write path's readers without a map (DbRequest,
// DbResult::fromPayload, BinlogEntry::fromFrame) accept what Qt decodes and read the same. With
// --live, mutated request streams are also thrown at a real db process over many connections; it
// must stay up, keep serving, and keep its data.
//   fuzz_dbprotocol [--iterations N] [--seed S] [--live]   (INFRASTAGE_BIN_DIR: infrastage-node)
#include "binlogentry.h"
#include "dbclient.h"
#include "dbframe.h"
#include "dbrequest.h"
#include "dbresult.h"

#include <QCborValue>
#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>

using namespace infrastage::db;

namespace {

void check(bool ok, const char *what) {
    if (!ok) {
        std::fprintf(stderr, "fuzz_dbprotocol: property violated: %s\n", what);
        std::abort();
    }
}

void oneInput(const QByteArray &input) {
    FrameReader reader(1 << 20);
    const int step = input.isEmpty() ? 1 : 1 + (uchar(input.at(0)) % 17);
    QByteArray payload;
    for (qsizetype at = 0; at < input.size(); at += step) {
        reader.append(input.mid(at, step));
        FrameReader::Status st;
        while ((st = reader.next(&payload)) == FrameReader::Status::Frame) {
            QCborMap m;
            QString why;
            const bool decodes = decodeMessage(payload, &m, &why);
            // The write path's readers (no QCborMap) agree with Qt's decoder on what they take
            // and leave it the rest.
            DbRequest request;
            QString requestWhy;
            check(DbRequest::parse(payload, &request, &requestWhy) == decodes,
                  "DbRequest accepts what Qt decodes");
            auto bytes = [](const QCborValue &v) { return v.toCbor(); };
            if (decodes && request.isScanned())
                check(bytes(request.map()) == bytes(m), "a scanned request is Qt's map");
            DbResult fast;
            qint64 id = 0;
            if (DbResult::fromPayload(payload, &fast, &id)) {
                check(decodes, "an answer read without a map decodes");
                const DbResult slow = DbResult::fromResponse(m);
                check(id == m.value(QLatin1String("id")).toInteger(0) && fast.ok == slow.ok &&
                          fast.code == slow.code && fast.error == slow.error &&
                          fast.seq == slow.seq && bytes(fast.rows) == bytes(slow.rows) &&
                          fast.columns == slow.columns && bytes(fast.raw()) == bytes(m),
                      "an answer read without a map is Qt's");
            }
            BinlogEntry entry;
            bool ack = false;
            if (BinlogEntry::fromFrame(payload, &entry, &ack)) {
                check(decodes, "a binlog frame read without a map decodes");
                check(entry.body == BinlogEntry::fromMessage(m).body,
                      "a binlog frame read without a map is Qt's");
            }
            if (!decodes)
                continue;
            DbResult::fromResponse(m);
            // Whatever decodes must survive a round trip through the encoder and the reader.
            FrameReader again;
            again.append(encodeFrame(m));
            QByteArray p2;
            check(again.next(&p2) == FrameReader::Status::Frame, "re-encoded frame is complete");
            QCborMap m2;
            check(decodeMessage(p2, &m2, &why), "re-encoded frame decodes");
            check(QCborValue(m2).toCbor() == QCborValue(m).toCbor(), "round trip is exact");
        }
        if (st == FrameReader::Status::TooLarge)
            return;
    }
}

QList<QByteArray> seeds() {
    auto f = [](const QCborMap &m) { return encodeFrame(m); };
    return {
        f({{QStringLiteral("op"), QStringLiteral("query")},
           {QStringLiteral("id"), 1},
           {QStringLiteral("sql"), QStringLiteral("INSERT INTO t(v) VALUES (?1)")},
           {QStringLiteral("params"), QCborArray{QStringLiteral("x")}},
           {QStringLiteral("trace"), QStringLiteral("4bf92f3577b34da6a3ce929d0e0e4736")}}),
        f({{QStringLiteral("op"), QStringLiteral("query")},
           {QStringLiteral("id"), 2},
           {QStringLiteral("sql"), QStringLiteral("SELECT * FROM t WHERE id > ? LIMIT 3")},
           {QStringLiteral("params"), QCborArray{-1}}}),
        f({{QStringLiteral("op"), QStringLiteral("transaction")},
           {QStringLiteral("id"), 3},
           {QStringLiteral("statements"),
            QCborArray{
                QCborMap{{QStringLiteral("sql"), QStringLiteral("UPDATE t SET v = ?")},
                         {QStringLiteral("params"), QCborArray{QByteArray("\x00\x01", 2)}}},
                QCborMap{{QStringLiteral("sql"), QStringLiteral("DELETE FROM t WHERE id = 1")}}}}}),
        f({{QStringLiteral("op"), QStringLiteral("status")}, {QStringLiteral("id"), 4}}),
        f({{QStringLiteral("op"), QStringLiteral("checksum")}, {QStringLiteral("id"), 5}}),
        f({{QStringLiteral("op"), QStringLiteral("ack")}, {QStringLiteral("seq"), 3}}),
        f({{QStringLiteral("op"), QStringLiteral("ping")}, {QStringLiteral("id"), 6}}),
        f({{QStringLiteral("id"), 7},
           {QStringLiteral("ok"), true},
           {QStringLiteral("columns"), QCborArray{QStringLiteral("a")}},
           {QStringLiteral("rows"), QCborArray{QCborArray{1.5}}}}),
    };
}

QByteArray mutate(QRandomGenerator &rng, const QList<QByteArray> &corpus) {
    QByteArray d = corpus.at(rng.bounded(int(corpus.size())));
    const int rounds = 1 + rng.bounded(6);
    for (int r = 0; r < rounds; ++r) {
        switch (rng.bounded(6)) {
        case 0: // flip a bit
            if (!d.isEmpty())
                d[rng.bounded(int(d.size()))] ^= char(1 << rng.bounded(8));
            break;
        case 1: // truncate
            d.truncate(rng.bounded(int(d.size()) + 1));
            break;
        case 2: // splice another seed
            d += corpus.at(rng.bounded(int(corpus.size()))).mid(rng.bounded(8));
            break;
        case 3: // random bytes somewhere
            d.insert(rng.bounded(int(d.size()) + 1),
                     QByteArray(1 + rng.bounded(8), char(rng.generate())));
            break;
        case 4: // a lying length header
            if (d.size() >= 4)
                d[rng.bounded(4)] = char(rng.generate());
            break;
        default: // duplicate a chunk
            if (!d.isEmpty()) {
                const int at = rng.bounded(int(d.size()));
                d.insert(at, d.mid(at, rng.bounded(16)));
            }
        }
    }
    return d;
}

int live(QRandomGenerator &rng, const QList<QByteArray> &corpus, int iterations) {
    QTemporaryDir dir;
    const QString config = dir.filePath(QStringLiteral("db.json"));
    QFile f(config);
    if (!f.open(QIODevice::WriteOnly))
        return 2;
    f.write(QJsonDocument(
                QJsonObject{{QStringLiteral("node"), QStringLiteral("fuzz-db")},
                            {QStringLiteral("role"), QStringLiteral("primary")},
                            {QStringLiteral("data_dir"), dir.filePath(QStringLiteral("data"))},
                            {QStringLiteral("max_frame"), 65536},
                            {QStringLiteral("listen"),
                             QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")},
                                         {QStringLiteral("port"), 0}}}})
                .toJson());
    f.close();
    QProcess node;
    node.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const QString bin = QDir(qEnvironmentVariable("INFRASTAGE_BIN_DIR", QStringLiteral(".")))
                            .filePath(QStringLiteral("infrastage-node"));
    node.start(bin, {QStringLiteral("db"), QStringLiteral("--config"), config});
    if (!node.waitForReadyRead(10000)) {
        std::fprintf(stderr, "fuzz_dbprotocol: %s did not start\n", qPrintable(bin));
        return 2;
    }
    const QJsonObject ready = QJsonDocument::fromJson(node.readLine())
                                  .object()
                                  .value(QLatin1String("details"))
                                  .toObject();
    const QString address = ready.value(QLatin1String("address")).toString();
    const quint16 port = quint16(ready.value(QLatin1String("port")).toInt());

    DbClient client;
    client.connectToServer(address, port);
    if (!client.waitForConnected(5000))
        return 1;
    client.querySync(QStringLiteral("CREATE TABLE keep(id INTEGER PRIMARY KEY, v TEXT)"));
    client.querySync(QStringLiteral("INSERT INTO keep(v) VALUES ('precious')"));
    client.querySync(QStringLiteral("CREATE TABLE t(id INTEGER PRIMARY KEY, v)"));
    for (int i = 0; i < iterations; i += 50) {
        QTcpSocket s;
        s.connectToHost(address, port);
        if (!s.waitForConnected(5000))
            break;
        for (int k = 0; k < 50; ++k)
            s.write(mutate(rng, corpus));
        s.waitForBytesWritten(1000);
        s.waitForReadyRead(rng.bounded(2) ? 20 : 0);
        s.abort(); // vanish, sometimes mid-frame, sometimes with answers unread
        node.readAllStandardOutput();
    }
    const DbResult r = client.querySync(QStringLiteral("SELECT v FROM keep"));
    const bool ok = node.state() == QProcess::Running && r.ok && r.rows.size() == 1 &&
                    r.rows.at(0).toArray().at(0).toString() == QLatin1String("precious");
    DbClient fresh;
    fresh.connectToServer(address, port);
    const bool serving =
        fresh.waitForConnected(5000) && fresh.querySync(QStringLiteral("SELECT 1")).ok;
    node.kill();
    node.waitForFinished(5000);
    if (!ok || !serving) {
        std::fprintf(stderr, "fuzz_dbprotocol: live server %s\n",
                     ok ? "stopped accepting connections" : "lost data or died");
        return 1;
    }
    std::printf("fuzz_dbprotocol: live server survived %d mutated frames\n", iterations);
    return 0;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
    oneInput(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    return 0;
}

#ifndef INFRASTAGE_LIBFUZZER
int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    int iterations = 20000;
    quint32 seed = 1;
    bool liveMode = false;
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--iterations") && i + 1 < args.size())
            iterations = args.at(++i).toInt();
        else if (args.at(i) == QLatin1String("--seed") && i + 1 < args.size())
            seed = args.at(++i).toUInt();
        else if (args.at(i) == QLatin1String("--live"))
            liveMode = true;
    }
    QRandomGenerator rng(seed);
    const QList<QByteArray> corpus = seeds();
    for (int i = 0; i < iterations; ++i)
        oneInput(mutate(rng, corpus));
    std::printf("fuzz_dbprotocol: %d in-process inputs, seed %u\n", iterations, seed);
    return liveMode ? live(rng, corpus, iterations / 4) : 0;
}
#endif
