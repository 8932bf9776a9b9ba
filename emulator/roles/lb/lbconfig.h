#pragma once

#include "listenspec.h"

#include <QHostAddress>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace infrastage::roles::lb {

// One backend server line ("server server-1 127.168.1.10:8080 weight 1 check [backup]").
struct LbServerConfig {
    QString id;   // the web node id
    QString host; // the host (server) id it runs on
    QHostAddress address;
    quint16 port = 0;
    int weight = 1;
    bool backup = false;
    int maxconn = 0; // requests served at once; more wait in its queue (0: no limit)
};

// The lb role's configuration, validated (the keys are documented in docs/roles.md).
struct LbConfig {
    QString mode = QStringLiteral("http");            // "http" | "tcp"
    QString algorithm = QStringLiteral("roundrobin"); // "roundrobin" | "leastconn" | "source"
    QList<LbServerConfig> servers;
    QByteArray checkPath = "/health";
    int inter = 2000;
    int fall = 3;
    int rise = 2;
    int retries = 3;
    bool redispatch = true;
    int connectMs = 5000;
    int clientMs = 30000;
    int serverMs = 30000;
    int queueMs = 5000;        // longest wait in a queue before 503 (default: connectMs)
    int httpRequestMs = 30000; // a request must be complete by then: 408 (default: clientMs)
    int maxconn = 0;           // frontend: client connections at once (0: no limit)
    bool hasStats = false;
    http::ListenSpec stats;
    bool hasHttps = false;
    int httpsPort = 443;     // where the HTTPS listener is
    int httpsDesignPort = 0; // the port of https:// URLs in the design (443); 0: httpsPort
    bool redirectHttp = false;
    // PEM files of the run's certificate and key: with both, the lb terminates TLS on
    // httpsPort; without, `https` only shapes the redirect.
    QString certificatePath;
    QString keyPath;

    static bool fromJson(const QJsonObject &config, LbConfig *out, QString *error);
};

} // namespace infrastage::roles::lb
