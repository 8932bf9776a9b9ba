#include "lbconfig.h"

#include <QJsonArray>

namespace infrastage::roles::lb {

namespace {
bool positive(const QJsonObject &o, const char *key, int *out, const QString &where,
              QString *error) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble() || v.toDouble() < 1 || v.toDouble() > 86400000) {
        *error = QStringLiteral("%1.%2 must be a positive number").arg(where, QLatin1String(key));
        return false;
    }
    *out = v.toInt();
    return true;
}

// A connection limit: 0 (none) up to a million.
bool limit(const QJsonObject &o, const char *key, int *out, const QString &where, QString *error) {
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 1000000 ||
        v.toDouble() != double(v.toInt())) {
        const QString name = where.isEmpty() ? QString::fromLatin1(key)
                                             : where + QLatin1Char('.') + QLatin1String(key);
        *error = QStringLiteral("%1 must be a whole number 0..1000000 (0: no limit)").arg(name);
        return false;
    }
    *out = v.toInt();
    return true;
}
} // namespace

bool LbConfig::fromJson(const QJsonObject &config, LbConfig *out, QString *error) {
    LbConfig c;
    c.mode = config.value(QLatin1String("mode")).toString(c.mode);
    if (c.mode != QLatin1String("http") && c.mode != QLatin1String("tcp")) {
        *error = QStringLiteral("mode \"%1\" is not http or tcp").arg(c.mode);
        return false;
    }
    c.algorithm = config.value(QLatin1String("algorithm")).toString(c.algorithm);
    if (c.algorithm != QLatin1String("roundrobin") && c.algorithm != QLatin1String("leastconn") &&
        c.algorithm != QLatin1String("source")) {
        *error = QStringLiteral("algorithm \"%1\" is not roundrobin, leastconn or source")
                     .arg(c.algorithm);
        return false;
    }
    const QJsonArray servers = config.value(QLatin1String("servers")).toArray();
    for (int i = 0; i < servers.size(); ++i) {
        const QJsonObject s = servers.at(i).toObject();
        LbServerConfig sc;
        sc.id = s.value(QLatin1String("id")).toString(QStringLiteral("server-%1").arg(i + 1));
        sc.host = s.value(QLatin1String("host")).toString(sc.id);
        const QString addr = s.value(QLatin1String("address")).toString();
        if (!sc.address.setAddress(addr) || !http::isLoopback(sc.address)) {
            *error = QStringLiteral("servers[%1].address \"%2\" is not inside 127.0.0.0/8")
                         .arg(i)
                         .arg(addr);
            return false;
        }
        const int port = s.value(QLatin1String("port")).toInt(-1);
        if (port <= 0 || port > 65535) {
            *error = QStringLiteral("servers[%1].port must be 1..65535").arg(i);
            return false;
        }
        sc.port = quint16(port);
        sc.weight = s.value(QLatin1String("weight")).toInt(1);
        if (sc.weight < 0 || sc.weight > 256) {
            *error = QStringLiteral("servers[%1].weight must be 0..256").arg(i);
            return false;
        }
        sc.backup = s.value(QLatin1String("backup")).toBool(false);
        if (!limit(s, "maxconn", &sc.maxconn, QStringLiteral("servers[%1]").arg(i), error))
            return false;
        c.servers.append(sc);
    }
    const QJsonObject check = config.value(QLatin1String("check")).toObject();
    c.checkPath = check.value(QLatin1String("path")).toString(QStringLiteral("/health")).toUtf8();
    if (!c.checkPath.startsWith('/')) {
        *error = QStringLiteral("check.path must start with /");
        return false;
    }
    if (!positive(check, "inter", &c.inter, QStringLiteral("check"), error) ||
        !positive(check, "fall", &c.fall, QStringLiteral("check"), error) ||
        !positive(check, "rise", &c.rise, QStringLiteral("check"), error))
        return false;
    c.retries = config.value(QLatin1String("retries")).toInt(c.retries);
    if (c.retries < 0 || c.retries > 100) {
        *error = QStringLiteral("retries must be 0..100");
        return false;
    }
    c.redispatch = config.value(QLatin1String("redispatch")).toBool(c.redispatch);
    const QJsonObject t = config.value(QLatin1String("timeouts")).toObject();
    if (!positive(t, "connect", &c.connectMs, QStringLiteral("timeouts"), error) ||
        !positive(t, "client", &c.clientMs, QStringLiteral("timeouts"), error) ||
        !positive(t, "server", &c.serverMs, QStringLiteral("timeouts"), error))
        return false;
    // Unset, as in HAProxy: "timeout queue" is "timeout connect", "timeout http-request" is
    // "timeout client".
    c.queueMs = c.connectMs;
    c.httpRequestMs = c.clientMs;
    if (!positive(t, "queue", &c.queueMs, QStringLiteral("timeouts"), error) ||
        !positive(t, "http_request", &c.httpRequestMs, QStringLiteral("timeouts"), error) ||
        !limit(config, "maxconn", &c.maxconn, QString(), error))
        return false;
    const QJsonValue stats = config.value(QLatin1String("stats"));
    if (stats.isObject()) {
        if (!http::ListenSpec::fromJson(stats, QStringLiteral("stats"), &c.stats, error))
            return false;
        c.stats.fallback = stats.toObject().value(QLatin1String("fallback")).toBool(true);
        c.hasStats = true;
    }
    const QJsonValue https = config.value(QLatin1String("https"));
    if (https.isObject()) {
        const QJsonObject h = https.toObject();
        c.hasHttps = true;
        c.httpsPort = h.value(QLatin1String("port")).toInt(443);
        c.httpsDesignPort = h.value(QLatin1String("design_port")).toInt(0);
        c.redirectHttp = h.value(QLatin1String("redirect_http")).toBool(false);
        c.certificatePath = h.value(QLatin1String("certificate")).toString();
        c.keyPath = h.value(QLatin1String("key")).toString();
        if (c.httpsPort < 1 || c.httpsPort > 65535 || c.httpsDesignPort < 0 ||
            c.httpsDesignPort > 65535) {
            *error = QStringLiteral("https.port must be 1-65535 (and design_port 0-65535)");
            return false;
        }
        if (c.certificatePath.isEmpty() != c.keyPath.isEmpty()) {
            *error = QStringLiteral("https needs both certificate and key, or neither");
            return false;
        }
    }
    *out = c;
    return true;
}

} // namespace infrastage::roles::lb
