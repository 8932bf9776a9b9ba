#include "nodeprocess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryFile>
#include <QTest>

#include <csignal>

NodeProcess::NodeProcess(QObject *parent)
    : QObject(parent) {
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &NodeProcess::onStdout);
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { m_stderr += QString::fromUtf8(m_process.readAllStandardError()); });
}

NodeProcess::~NodeProcess() {
    kill();
    if (!m_configPath.isEmpty())
        QFile::remove(m_configPath);
}

QString NodeProcess::binary() {
    const QString dir = qEnvironmentVariable("INFRASTAGE_BIN_DIR");
    return QDir(dir.isEmpty() ? QStringLiteral(".") : dir)
        .filePath(QStringLiteral("infrastage-node"));
}

bool NodeProcess::start(const QString &role, const QJsonObject &config, int timeoutMs) {
    if (m_configPath.isEmpty()) {
        QTemporaryFile f(QDir::temp().filePath(QStringLiteral("infrastage-node-XXXXXX.json")));
        f.setAutoRemove(false);
        if (!f.open())
            return false;
        m_configPath = f.fileName();
    }
    QFile out(m_configPath);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    out.write(QJsonDocument(config).toJson());
    out.close();
    m_events.clear();
    m_pending.clear();
    m_nodeId = config.value(QLatin1String("node")).toString();
    m_process.start(binary(), {role, QStringLiteral("--config"), m_configPath});
    if (!m_process.waitForStarted(timeoutMs))
        return false;
    const QJsonObject ready = waitForEvent(QStringLiteral("ready"), timeoutMs);
    if (ready.isEmpty())
        return false;
    const QJsonObject d = ready.value(QLatin1String("details")).toObject();
    m_address = d.value(QLatin1String("address")).toString();
    m_port = quint16(d.value(QLatin1String("port")).toInt());
    return true;
}

void NodeProcess::kill() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    resume(); // a frozen process must still be reaped
    m_process.kill();
    m_process.waitForFinished(5000);
    onStdout();
}

void NodeProcess::terminate() {
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(5000))
        kill();
    onStdout();
}

void NodeProcess::freeze() {
    if (m_process.processId() > 0)
        ::kill(pid_t(m_process.processId()), SIGSTOP);
}

void NodeProcess::resume() {
    if (m_process.processId() > 0)
        ::kill(pid_t(m_process.processId()), SIGCONT);
}

bool NodeProcess::isRunning() const {
    return m_process.state() == QProcess::Running;
}

void NodeProcess::control(const QJsonObject &command) {
    m_process.write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
}

QJsonObject NodeProcess::endpoint(const QString &id) const {
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("address"), m_address},
                       {QStringLiteral("port"), int(m_port)}};
}

void NodeProcess::onStdout() {
    m_pending += m_process.readAllStandardOutput();
    qsizetype eol;
    while ((eol = m_pending.indexOf('\n')) >= 0) {
        const QJsonDocument doc = QJsonDocument::fromJson(m_pending.left(eol));
        m_pending.remove(0, eol + 1);
        if (!doc.isObject())
            continue;
        // As the orchestrator reads a node's pipe: only the ready line names the node, every
        // event is about the node this process is.
        QJsonObject e = doc.object();
        if (!e.contains(QLatin1String("node")))
            e.insert(QStringLiteral("node"), m_nodeId);
        m_events.append(e);
    }
}

QJsonObject NodeProcess::waitForEvent(const QString &kind, int timeoutMs,
                                      const std::function<bool(const QJsonObject &)> &pred) {
    QDeadlineTimer deadline(timeoutMs);
    qsizetype seen = 0;
    for (;;) {
        for (; seen < m_events.size(); ++seen) {
            const QJsonObject &e = m_events.at(seen);
            if (e.value(QLatin1String("kind")).toString() == kind && (!pred || pred(e)))
                return e;
        }
        if (deadline.hasExpired() ||
            (m_process.state() == QProcess::NotRunning && seen == m_events.size()))
            return {};
        QTest::qWait(10);
    }
}
