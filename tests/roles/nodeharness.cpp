#include "nodeharness.h"

#include "events/eventpairs.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QThread>

NodeHarness::NodeHarness() {
    // INFRASTAGE_KEEP_LOGS=1 keeps configs and node logs for a post-mortem.
    if (qEnvironmentVariableIsSet("INFRASTAGE_KEEP_LOGS")) {
        m_dir.setAutoRemove(false);
        qInfo("node configs and logs in %s", qPrintable(m_dir.path()));
    }
}

NodeHarness::~NodeHarness() {
    for (Node *n : m_nodes) {
        if (n->process->state() != QProcess::NotRunning) {
            n->process->kill();
            n->process->waitForFinished(3000);
        }
        delete n;
    }
}

QString NodeHarness::binary() {
    return QDir(qEnvironmentVariable("INFRASTAGE_BIN_DIR"))
        .filePath(QStringLiteral("infrastage-node"));
}

bool NodeHarness::launch(Node *node) {
    const QJsonObject config = m_configs.value(node);
    const QString path = m_dir.filePath(node->id + QStringLiteral(".json"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_error = f.errorString();
        return false;
    }
    f.write(QJsonDocument(config).toJson());
    f.close();
    node->process = std::make_unique<QProcess>();
    node->process->setProcessChannelMode(QProcess::SeparateChannels);
    // Events go to a file, not a pipe: a test blocked in a client call must never leave a node
    // blocked writing to a full pipe.
    node->eventsFile = m_dir.filePath(node->id + QStringLiteral(".events"));
    node->eventsOffset = 0;
    node->process->setStandardOutputFile(node->eventsFile, QIODevice::Truncate);
    node->process->setStandardErrorFile(m_dir.filePath(node->id + QStringLiteral(".log")),
                                        QIODevice::Append);
    node->pending.clear();
    node->events.clear();
    node->process->start(binary(), {node->role, QStringLiteral("--config"), path});
    if (!node->process->waitForStarted(5000)) {
        m_error = QStringLiteral("%1: %2").arg(binary(), node->process->errorString());
        return false;
    }
    if (!waitForEvent(node, QStringLiteral("ready"), 10000)) {
        m_error = QStringLiteral("%1 (%2) not ready: %3")
                      .arg(node->id, node->role, QString::fromUtf8(node->pending));
        for (const QJsonObject &e : std::as_const(node->events))
            m_error += QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact));
        return false;
    }
    for (const QJsonObject &e : std::as_const(node->events)) {
        if (e.value(QLatin1String("kind")).toString() == QLatin1String("ready")) {
            node->ready = e.value(QLatin1String("details")).toObject();
            node->address = node->ready.value(QLatin1String("address")).toString();
            node->port = node->ready.value(QLatin1String("port")).toInt();
        }
    }
    return true;
}

NodeHarness::Node *NodeHarness::start(const QString &role, const QString &id, QJsonObject config) {
    auto *node = new Node;
    node->id = id;
    node->role = role;
    m_nodes.append(node);
    if (!config.contains(QLatin1String("node")))
        config.insert(QStringLiteral("node"), id);
    node->nodeId = config.value(QLatin1String("node")).toString();
    if (!config.contains(QLatin1String("role")))
        config.insert(QStringLiteral("role"), role);
    if (!config.contains(QLatin1String("listen")))
        config.insert(QStringLiteral("listen"),
                      QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")},
                                  {QStringLiteral("port"), 0}});
    m_configs.insert(node, config);
    return launch(node) ? node : nullptr;
}

NodeHarness::Node *NodeHarness::startWebWithApp(const QString &serverId, const QString &address) {
    const QJsonObject listen{{QStringLiteral("address"), address}, {QStringLiteral("port"), 0}};
    Node *app = start(
        QStringLiteral("app"), serverId + QStringLiteral("-app"),
        QJsonObject{{QStringLiteral("served_by"), serverId}, {QStringLiteral("listen"), listen}});
    if (!app)
        return nullptr;
    const QJsonObject upstream{{QStringLiteral("id"), app->id},
                               {QStringLiteral("address"), app->address},
                               {QStringLiteral("port"), app->port}};
    return start(QStringLiteral("web"), serverId + QStringLiteral("-web"),
                 QJsonObject{{QStringLiteral("served_by"), serverId},
                             {QStringLiteral("listen"), listen},
                             {QStringLiteral("root"),
                              QStringLiteral(INFRASTAGE_SOURCE_DIR "/resources/site")},
                             {QStringLiteral("server_name"), QStringLiteral("www.foobar.com")},
                             {QStringLiteral("upstreams"), QJsonArray{upstream}}});
}

NodeHarness::Node *NodeHarness::startLb(const QList<Node *> &webs, const QJsonObject &extra) {
    QJsonArray servers;
    for (Node *w : webs)
        servers.append(QJsonObject{{QStringLiteral("id"), w->id},
                                   {QStringLiteral("host"), w->id.section(QLatin1Char('-'), 0, -2)},
                                   {QStringLiteral("address"), w->address},
                                   {QStringLiteral("port"), w->port}});
    QJsonObject config{{QStringLiteral("servers"), servers},
                       {QStringLiteral("check"), QJsonObject{{QStringLiteral("inter"), 200},
                                                             {QStringLiteral("fall"), 2},
                                                             {QStringLiteral("rise"), 2}}},
                       {QStringLiteral("stats"),
                        QJsonObject{{QStringLiteral("address"), QStringLiteral("127.0.0.1")},
                                    {QStringLiteral("port"), 0}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        config.insert(it.key(), it.value());
    return start(QStringLiteral("lb"), QStringLiteral("lb-%1").arg(m_nodes.size()), config);
}

const QList<QJsonObject> &NodeHarness::events(Node *node) {
    QFile f(node->eventsFile);
    if (f.open(QIODevice::ReadOnly) && f.seek(node->eventsOffset)) {
        const QByteArray more = f.readAll();
        node->eventsOffset += more.size();
        node->pending += more;
    }
    qsizetype eol;
    while ((eol = node->pending.indexOf('\n')) >= 0) {
        const QByteArray line = node->pending.left(eol);
        node->pending.remove(0, eol + 1);
        QJsonObject o = QJsonDocument::fromJson(line).object();
        if (o.isEmpty())
            continue;
        // As the orchestrator reads a node's pipe: the node is whose output this is (only its
        // ready line says so), and a pair's line is its events.
        if (!o.contains(QLatin1String("node")))
            o.insert(QStringLiteral("node"), node->nodeId);
        node->events.append(infrastage::EventPairs::split(o));
    }
    return node->events;
}

bool NodeHarness::waitForEvent(Node *node, const QString &kind, int ms,
                               const std::function<bool(const QJsonObject &)> &match, int from) {
    QDeadlineTimer deadline(ms);
    int seen = from;
    for (;;) {
        const QList<QJsonObject> &all = events(node);
        for (; seen < all.size(); ++seen) {
            const QJsonObject &e = all.at(seen);
            if (e.value(QLatin1String("kind")).toString() == kind &&
                (!match || match(e.value(QLatin1String("details")).toObject())))
                return true;
        }
        if (deadline.hasExpired() || node->process->state() == QProcess::NotRunning)
            return false;
        QThread::msleep(20);
    }
}

void NodeHarness::kill(Node *node) {
    node->process->kill();
    node->process->waitForFinished(3000);
}

bool NodeHarness::restart(Node *node) {
    QJsonObject config = m_configs.value(node);
    QJsonObject listen = config.value(QLatin1String("listen")).toObject();
    listen.insert(QStringLiteral("port"), node->port);
    config.insert(QStringLiteral("listen"), listen);
    m_configs.insert(node, config);
    // QTcpServer sets SO_REUSEADDR, so the old port can be bound again at once.
    for (int i = 0; i < 20; ++i) {
        if (launch(node))
            return true;
        QThread::msleep(100);
    }
    return false;
}

void NodeHarness::control(Node *node, const QJsonObject &command) {
    node->process->write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
    node->process->waitForBytesWritten(1000);
}

bool NodeHarness::controlApplied(Node *node, const QJsonObject &command, int ms) {
    const int from = int(events(node).size());
    control(node, command);
    return waitForEvent(
        node, QStringLiteral("control.applied"), ms,
        [&command](const QJsonObject &d) {
            for (auto it = command.begin(); it != command.end(); ++it) {
                if (d.value(it.key()) != it.value())
                    return false;
            }
            return true;
        },
        from);
}
