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
