#pragma once

#include "eventlineparser.h"
#include "eventparserthread.h"
#include "runtimeevent.h"
#include "runtimestate.h"

#include <QJsonObject>
#include <QObject>
#include <QProcess>

class QTimer;

namespace infrastage::runtime {

// One infrastage-node process under supervision: launched with its config, its stdout read as
// event lines (the first must be "ready"), its stderr appended to a log file, its end noticed at
// once (QProcess::finished), stopped with SIGTERM and, after a grace period, SIGKILL.
class NodeProcess final : public QObject {
    Q_OBJECT

public:
    NodeProcess(QString nodeId, QString role, QObject *parent = nullptr);
    ~NodeProcess() override;

    void setProgram(const QString &program) { m_program = program; }
    void setConfigPath(const QString &path) { m_configPath = path; }
    void setLogPath(const QString &path) { m_logPath = path; }
    // Lines are parsed on `parser`'s thread (the orchestrator's); without one, here.
    void setEventParser(EventParserThread *parser) { m_eventParser = parser; }
    // See EventLineParser::setParseRequestDetails (default on).
    void setParseRequestDetails(bool on) { m_parseRequestDetails = on; }

    QString nodeId() const { return m_nodeId; }
    QString role() const { return m_role; }
    NodeState state() const { return m_state; }
    qint64 pid() const;
    // The address and port from the ready line.
    QString address() const { return m_address; }
    int port() const { return m_port; }
    QJsonObject readyDetails() const { return m_readyDetails; }
    QString lastError() const { return m_lastError; }

    void start(int readyTimeoutMs);
    void stop(int graceMs); // SIGTERM + stdin EOF; SIGKILL after graceMs
    void kill();            // SIGKILL now (a fault): the exit counts as a failure
    bool freeze();          // SIGSTOP
    bool resume();          // SIGCONT
    bool sendControl(const QJsonObject &command); // one JSON line on stdin

signals:
    void stateChanged(infrastage::runtime::NodeState state);
    void eventReceived(const infrastage::runtime::RuntimeEvent &event);
    void ready();
    // The process ended. `expected` is false for crashes, kill faults and failed starts.
    void exited(int exitCode, bool crashed, bool expected);

private:
    void setState(NodeState state);
    void readOutput();
    void handleEvent(RuntimeEvent &e);
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void finishExit(int exitCode, QProcess::ExitStatus status);
    void onErrorOccurred(QProcess::ProcessError error);
    QString logTail() const;

    QString m_nodeId;
    QString m_role;
    QString m_program;
    QString m_configPath;
    QString m_logPath;
    QProcess *m_process = nullptr;
    QTimer *m_readyTimer = nullptr;
    QTimer *m_killTimer = nullptr;
    NodeState m_state = NodeState::Stopped;
    EventParserThread *m_eventParser = nullptr;
    bool m_parseRequestDetails = true;
    std::shared_ptr<EventParserThread::Stream> m_stream;
    // Without a parser thread:
    QByteArray m_pending;
    bool m_resync = false;
    EventLineParser m_parser;
    QString m_address;
    int m_port = 0;
    QJsonObject m_readyDetails;
    QString m_lastError;
    bool m_stopRequested = false;
};

} // namespace infrastage::runtime
