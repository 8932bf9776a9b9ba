#pragma once

// Helpers shared by the exchange tests that run real engines: exporting the examples, finding
// free loopback ports and running a checker with a deadline.
#include "exporter.h"
#include "io/topologyfile.h"
#include "model/topologydata.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <csignal>
#include <sys/prctl.h>

namespace enginetools {

inline QStringList examples() {
    QStringList out;
    const QDir dir(QStringLiteral(INFRASTAGE_SOURCE_DIR "/examples"));
    for (const QString &f :
         dir.entryList({QStringLiteral("*.infra.json")}, QDir::Files, QDir::Name))
        out.append(dir.filePath(f));
    return out;
}

inline QString exampleName(const QString &path) {
    return QFileInfo(path).fileName().section(QLatin1Char('.'), 0, 0);
}

// Exports `example` as configs into `dir`; returns false (with `error`) on failure.
inline bool exportConfigs(const QString &example, const QString &dir, QString *error,
                          infrastage::TopologyData *topology = nullptr) {
    infrastage::TopologyData t;
    if (!infrastage::TopologyFile::load(example, &t, error))
        return false;
    if (topology)
        *topology = t;
    return infrastage::Exporters::find(QStringLiteral("configs"))
        ->write(t, infrastage::ExportOptions(), dir, error);
}

inline QStringList filesNamed(const QString &root, const QString &name) {
    QStringList out;
    QDirIterator it(root, {name}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        out.append(it.next());
    out.sort();
    return out;
}

inline quint16 freePort() {
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

inline QByteArray readAll(const QString &path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

inline bool writeAll(const QString &path, const QByteArray &bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

struct Run {
    int exitCode = -1;
    QString output;
};

// Runs a checker to its end (or kills it after `timeoutMs`); stdout and stderr together.
inline Run run(const QString &program, const QStringList &args, const QString &workDir = QString(),
               int timeoutMs = 60000) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    if (!workDir.isEmpty())
        p.setWorkingDirectory(workDir);
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000)) {
        r.output = p.errorString();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.output = QStringLiteral("timed out: ") + QString::fromUtf8(p.readAll());
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.output = QString::fromUtf8(p.readAll());
    return r;
}

inline QString tool(const QString &name) {
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    return path;
}

// Starts an engine in the foreground that dies with this test even if the test is killed.
inline void startDaemon(QProcess *p, const QString &program, const QStringList &args) {
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
    p->start(program, args);
}

inline void stopDaemon(QProcess *p) {
    if (p->state() == QProcess::NotRunning)
        return;
    p->terminate();
    if (!p->waitForFinished(10000)) {
        p->kill();
        p->waitForFinished(5000);
    }
}

// One HTTP/1.1 request on a fresh connection; the whole response, or empty on failure.
inline QByteArray httpGet(quint16 port, const QByteArray &path, int timeoutMs = 5000) {
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(timeoutMs))
        return QByteArray();
    s.write("GET " + path + " HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n\r\n");
    QByteArray response;
    while (s.state() == QAbstractSocket::ConnectedState && s.waitForReadyRead(timeoutMs))
        response += s.readAll();
    response += s.readAll();
    return response;
}

inline QByteArray header(const QByteArray &response, const QByteArray &name) {
    for (const QByteArray &line : response.split('\n')) {
        if (line.toLower().startsWith(name.toLower() + ':'))
            return line.mid(name.size() + 1).trimmed();
    }
    return QByteArray();
}

} // namespace enginetools
