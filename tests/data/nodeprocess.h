#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QProcess>

#include <functional>

// A real infrastage-node process under test: started with a config file in a temporary run
// directory, its JSON event lines collected, control commands written to its stdin.
class NodeProcess final : public QObject {
    Q_OBJECT

public:
    explicit NodeProcess(QObject *parent = nullptr);
    ~NodeProcess() override;

    // Starts `infrastage-node ROLE --config FILE` and waits for its ready line.
    bool start(const QString &role, const QJsonObject &config, int timeoutMs = 10000);
    void kill();      // SIGKILL, then reap
    void terminate(); // SIGTERM, then reap
    void freeze();    // SIGSTOP: sockets stay open, nothing answers
    void resume();    // SIGCONT
    bool isRunning() const;
    void control(const QJsonObject &command);

    QString address() const { return m_address; }
    quint16 port() const { return m_port; }
    QJsonObject endpoint(const QString &id) const;

    QList<QJsonObject> events() const { return m_events; }
    // Waits until an event of that kind (matching pred, if given) arrived; returns it.
    QJsonObject waitForEvent(const QString &kind, int timeoutMs,
                             const std::function<bool(const QJsonObject &)> &pred = {});
    QString errorText() const { return m_stderr; }

    static QString binary();

private:
    void onStdout();

    QProcess m_process;
    QByteArray m_pending;
    QString m_nodeId; // the config's "node": what every event of this process is about
    QList<QJsonObject> m_events;
    QString m_address;
    quint16 m_port = 0;
    QString m_stderr;
    QString m_configPath;
};
