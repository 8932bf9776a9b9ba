#include "nodeprocess.h"
#include "events/eventkind.h"

#include <QFile>
#include <QJsonDocument>
#include <QTimer>

#include <csignal>

namespace infrastage::runtime {

NodeProcess::NodeProcess(QString nodeId, QString role, QObject *parent)
    : QObject(parent)
    , m_nodeId(std::move(nodeId))
    , m_role(std::move(role))
    , m_readyTimer(new QTimer(this))
    , m_killTimer(new QTimer(this)) {
    m_readyTimer->setSingleShot(true);
    m_killTimer->setSingleShot(true);
    connect(m_readyTimer, &QTimer::timeout, this, [this] {
        m_lastError = QStringLiteral("no ready line within %1 ms").arg(m_readyTimer->interval());
        kill();
    });
    connect(m_killTimer, &QTimer::timeout, this, [this] {
        if (m_process && m_process->state() != QProcess::NotRunning)
            m_process->kill();
    });
}

NodeProcess::~NodeProcess() {
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

qint64 NodeProcess::pid() const {
    return m_process ? m_process->processId() : 0;
}

void NodeProcess::setState(NodeState state) {
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void NodeProcess::start(int readyTimeoutMs) {
    if (m_process && m_process->state() != QProcess::NotRunning)
        return;
    delete m_process;
    m_process = new QProcess(this);
    m_pending.clear();
    m_resync = false;
    m_stream.reset();
    if (m_eventParser)
        m_stream = m_eventParser->open(
            this,
            [this](QList<RuntimeEvent> &&events) {
                for (RuntimeEvent &e : events)
                    handleEvent(e);
            },
            m_parseRequestDetails);
    m_parser.setParseRequestDetails(m_parseRequestDetails);
    m_readyDetails = QJsonObject();
    m_lastError.clear();
    m_stopRequested = false;
    m_process->setProgram(m_program);
    m_process->setArguments({m_role, QStringLiteral("--config"), m_configPath});
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    if (!m_logPath.isEmpty())
        m_process->setStandardErrorFile(m_logPath, QIODevice::Append);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &NodeProcess::readOutput);
    connect(m_process, &QProcess::finished, this, &NodeProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &NodeProcess::onErrorOccurred);
    setState(NodeState::Starting);
    m_readyTimer->start(readyTimeoutMs);
    m_process->start(QIODevice::ReadWrite);
}

void NodeProcess::stop(int graceMs) {
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        setState(NodeState::Stopped);
        return;
    }
    m_stopRequested = true;
    m_readyTimer->stop();
    if (m_state == NodeState::Frozen)
        ::kill(pid_t(m_process->processId()), SIGCONT); // a stopped process cannot handle TERM
    setState(NodeState::Stopping);
    m_process->closeWriteChannel();
    m_process->terminate();
    m_killTimer->start(graceMs);
}

void NodeProcess::kill() {
    if (m_process && m_process->state() != QProcess::NotRunning)
        m_process->kill();
}

bool NodeProcess::freeze() {
    if (!m_process || m_state != NodeState::Running)
        return false;
    if (::kill(pid_t(m_process->processId()), SIGSTOP) != 0)
        return false;
    setState(NodeState::Frozen);
    return true;
}

bool NodeProcess::resume() {
    if (!m_process || m_state != NodeState::Frozen)
        return false;
    if (::kill(pid_t(m_process->processId()), SIGCONT) != 0)
        return false;
    setState(NodeState::Running);
    return true;
}

bool NodeProcess::sendControl(const QJsonObject &command) {
    if (!m_process || m_process->state() != QProcess::Running)
        return false;
    return m_process->write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n') > 0;
}

void NodeProcess::readOutput() {
    QByteArray bytes = m_process->readAllStandardOutput();
    if (bytes.isEmpty())
        return;
    if (m_stream) {
        m_eventParser->parse(m_stream, std::move(bytes));
        return;
    }
    QList<RuntimeEvent> events;
    EventParserThread::parseBytes(m_pending, m_resync, m_parser, std::move(bytes), &events);
    for (RuntimeEvent &e : events)
        handleEvent(e);
}

void NodeProcess::handleEvent(RuntimeEvent &e) {
    e.node = m_nodeId; // a node speaks for itself only
    if (m_state == NodeState::Starting && e.kind == EventKind::Ready) {
        m_readyTimer->stop();
        m_readyDetails = e.details;
        m_address = e.details.value(QLatin1String("address")).toString();
        m_port = e.details.value(QLatin1String("port")).toInt();
        setState(NodeState::Running);
        emit eventReceived(e);
        emit ready();
        return;
    }
    if (e.kind == EventKind::Failed)
        m_lastError = e.details.value(QLatin1String("error")).toString();
    emit eventReceived(e);
}

QString NodeProcess::logTail() const {
    QFile f(m_logPath);
    if (m_logPath.isEmpty() || !f.open(QIODevice::ReadOnly))
        return QString();
    if (f.size() > 2000)
        f.seek(f.size() - 2000);
    return QString::fromUtf8(f.readAll()).trimmed();
}

void NodeProcess::onFinished(int exitCode, QProcess::ExitStatus status) {
    // Events written just before the exit are still in the pipe, and maybe in the parser: the
    // exit is reported after them (a `failed` event gives the reason).
    if (m_process->bytesAvailable() > 0)
        readOutput();
    if (m_stream)
        m_eventParser->whenDone(m_stream,
                                [this, exitCode, status] { finishExit(exitCode, status); });
    else
        finishExit(exitCode, status);
}

void NodeProcess::finishExit(int exitCode, QProcess::ExitStatus status) {
    m_readyTimer->stop();
    m_killTimer->stop();
    const bool crashed = status == QProcess::CrashExit;
    const bool expected = m_stopRequested;
    if (!expected && m_lastError.isEmpty()) {
        const QString tail = logTail();
        m_lastError = crashed ? QStringLiteral("killed by a signal")
                              : QStringLiteral("exited with code %1").arg(exitCode);
        if (!tail.isEmpty())
            m_lastError += QStringLiteral(": ") + tail.section(QLatin1Char('\n'), -1);
    }
    setState(expected ? NodeState::Stopped : NodeState::Failed);
    emit exited(exitCode, crashed, expected);
}

void NodeProcess::onErrorOccurred(QProcess::ProcessError error) {
    if (error != QProcess::FailedToStart)
        return;
    m_readyTimer->stop();
    m_lastError = QStringLiteral("cannot start %1: %2").arg(m_program, m_process->errorString());
    setState(NodeState::Failed);
    emit exited(-1, false, false);
}

} // namespace infrastage::runtime
