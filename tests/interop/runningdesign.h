#pragma once

// Test helper: `infrastage-cli up FILE` as a child process, with the node lines it printed.
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QString>

#include <csignal>

struct NodeLine {
    QString role;
    QString address;
    int port = 0;
    QString designAddress;
    int httpsPort = 0;
};

// Runs a real client to the end; its output and error together, or "TIMEOUT".
inline QByteArray runTool(const QString &program, const QStringList &args, int timeoutMs,
                          int *exitCode = nullptr) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return QByteArray("TIMEOUT");
    }
    if (exitCode)
        *exitCode = p.exitCode();
    return p.readAllStandardOutput() + p.readAllStandardError();
}

// A Debian package's program on PATH, or empty with a warning naming it.
inline QString findTool(const char *name) {
    const QString path = QStandardPaths::findExecutable(QLatin1String(name));
    if (path.isEmpty())
        qWarning("%s is missing: install the Debian packages (make deps)", name);
    return path;
}

class RunningDesign {
public:
    ~RunningDesign() { stop(); }

    // Starts `up` and waits for every node line; false (with the output) if it did not come up.
    bool start(const QString &topologyPath, const QString &runDir, QString *why) {
        m_cli.start(qEnvironmentVariable("INFRASTAGE_BIN_DIR") + "/infrastage-cli",
                    {"up", topologyPath, "--run-dir", runDir});
        QByteArray out;
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 30000) {
            if (m_cli.state() == QProcess::NotRunning)
                break;
            m_cli.waitForReadyRead(200);
            out += m_cli.readAllStandardOutput();
            const QByteArray err = m_cli.readAllStandardError();
            m_stderr += err;
            // "N nodes ready" comes on stderr; the N node lines come on stdout, written by a
            // thread of their own, so they may still be on their way.
            const QRegularExpressionMatch ready =
                QRegularExpression(QStringLiteral("(\\d+) nodes ready"))
                    .match(QString::fromUtf8(m_stderr));
            if (!ready.hasMatch())
                continue;
            m_nodes.clear();
            for (const QByteArray &line : out.split('\n')) {
                const QJsonObject o = QJsonDocument::fromJson(line).object();
                if (!o.contains("node"))
                    continue;
                m_nodes.insert(o["node"].toString(),
                               {o["role"].toString(), o["address"].toString(), o["port"].toInt(),
                                o["design_address"].toString(), o["https_port"].toInt()});
            }
            if (m_nodes.size() >= ready.captured(1).toInt())
                return true;
        }
        *why = QString::fromUtf8(m_stderr + m_cli.readAllStandardError());
        return false;
    }

    void stop() {
        if (m_cli.state() == QProcess::NotRunning)
            return;
        ::kill(pid_t(m_cli.processId()), SIGTERM);
        if (!m_cli.waitForFinished(10000))
            m_cli.kill();
    }

    NodeLine node(const QString &id) const { return m_nodes.value(id); }
    QString url(const QString &id, const QString &path = "/") const {
        const NodeLine n = node(id);
        return QStringLiteral("http://%1:%2%3").arg(n.address).arg(n.port).arg(path);
    }

private:
    QProcess m_cli;
    QByteArray m_stderr;
    QHash<QString, NodeLine> m_nodes;
};
