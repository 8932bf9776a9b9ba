#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QProcess>
#include <QTemporaryDir>

#include <memory>

// Starts real infrastage-node processes (from $INFRASTAGE_BIN_DIR) for the role tests: writes
// each config to a temporary directory, waits for the "ready" line, and collects the events a
// node prints afterwards. Every process is killed when the harness goes away.
class NodeHarness final {
public:
    struct Node {
        QString id;
        QString nodeId; // its config's "node": the node its events are about
        QString role;
        std::unique_ptr<QProcess> process;
        QString address;
        int port = 0;
        QJsonObject ready;  // the ready event's details
        QString eventsFile; // the node's stdout
        qint64 eventsOffset = 0;
        QByteArray pending;
        QList<QJsonObject> events;
    };

    NodeHarness();
    ~NodeHarness();

    // Starts `role` with `config` (node/role/listen filled in when absent). Returns nullptr and
    // sets error() when the node did not report ready within 10 s.
    Node *start(const QString &role, const QString &id, QJsonObject config);
    // app + web pair on one address: web serves resources/site and forwards to the app.
    Node *startWebWithApp(const QString &serverId,
                          const QString &address = QStringLiteral("127.0.0.1"));
    // An lb in front of `webs`, with extra config keys merged in.
    Node *startLb(const QList<Node *> &webs, const QJsonObject &extra = QJsonObject());

    // Reads whatever the node printed; returns every event so far.
    const QList<QJsonObject> &events(Node *node);
    // Waits up to `ms` until an event of `kind` satisfying `match` appears (after `from`).
    bool waitForEvent(Node *node, const QString &kind, int ms,
                      const std::function<bool(const QJsonObject &)> &match = nullptr,
                      int from = 0);
    void kill(Node *node);
    // Restarts a killed node with its previous config and port.
    bool restart(Node *node);
    void control(Node *node, const QJsonObject &command);
    // Sends `command` and waits until the node says it applied it (its details repeat it).
    bool controlApplied(Node *node, const QJsonObject &command, int ms = 5000);

    QString error() const { return m_error; }
    QString dir() const { return m_dir.path(); }
    static QString binary();

private:
    bool launch(Node *node);
    QTemporaryDir m_dir;
    QList<Node *> m_nodes;
    QHash<Node *, QJsonObject> m_configs;
    QString m_error;
};
