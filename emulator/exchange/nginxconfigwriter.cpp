// nginx.conf for each server with a web server: the application files as root, everything
// else proxied to the application server(s), a /health answer for the load balancer's checks;
// and site/, the application files themselves.
#include "configwriter.h"

#include "model/sitedirectory.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

#include <algorithm>

namespace infrastage {

namespace {

QString render(const ConfigContext &ctx, const Node &server, const Node &web) {
    const TopologyData &t = ctx.topology();
    const Node *files = t.child(server.id, NodeKind::Files);
    const QString root =
        files ? files->text(QStringLiteral("root")) : QStringLiteral("/var/www/html");
    QStringList upstreams;
    for (const Link *l : t.linksFrom(web.id)) {
        const Node *app = t.node(l->to);
        if (l->kind != LinkKind::Upstream || !app)
            continue;
        const Node &appHost = ctx.host(*app);
        // The application server on the same machine is reached over loopback.
        const QString address =
            appHost.id == server.id ? QStringLiteral("127.0.0.1") : ctx.address(appHost);
        upstreams.append(
            QStringLiteral("%1:%2").arg(address).arg(app->number(QStringLiteral("port"))));
    }
    QString s;
    s += QStringLiteral("# Nginx for %1 on %2 (%3), exported by Infrastage.\n"
                        "# Check: nginx -t -c /etc/nginx/nginx.conf\n\n")
             .arg(web.name, server.name, server.text(QStringLiteral("ip")));
    if (!ctx.compose())
        s += QStringLiteral("user www-data;\n");
    s += QStringLiteral("worker_processes auto;\npid /run/nginx.pid;\n"
                        "error_log /var/log/nginx/error.log;\n\n"
                        "events {\n    worker_connections 1024;\n}\n\n"
                        "http {\n    include /etc/nginx/mime.types;\n"
                        "    default_type application/octet-stream;\n"
                        "    access_log /var/log/nginx/access.log;\n"
                        "    sendfile on;\n    keepalive_timeout 65;\n    server_tokens off;\n\n");
    if (!upstreams.isEmpty()) {
        s += QStringLiteral("    upstream app {\n");
        for (const QString &u : upstreams)
            s += QStringLiteral("        server %1;\n").arg(u);
        s += QStringLiteral("        keepalive 16;\n    }\n\n");
    }
    const QString name = web.text(QStringLiteral("server_name"));
    // Every address of the machine: `nginx -t` binds, so a design IP would fail off the machine.
    s += QStringLiteral("    server {\n        listen %1;\n        server_name %2;\n"
                        "        root %3;\n"
                        "        # Which server answered: shows the load balancer's choice.\n"
                        "        add_header X-Served-By %4 always;\n\n"
                        "        location = /health {\n            access_log off;\n"
                        "            default_type text/plain;\n            return 200 \"ok\\n\";\n"
                        "        }\n\n")
             .arg(QString::number(web.number(QStringLiteral("port"))),
                  name.isEmpty() ? QStringLiteral("_") : name, root, server.id);
    if (upstreams.isEmpty()) {
        s += QStringLiteral("        location / {\n            try_files $uri $uri/ =404;\n"
                            "        }\n");
    } else {
        s += QStringLiteral(
            "        # Static files (and a directory's index.html) straight from the "
            "application files,\n"
            "        # the rest to the application server.\n"
            "        location / {\n            try_files $uri $uri/ @app;\n        }\n\n"
            "        location @app {\n            proxy_pass http://app;\n"
            "            proxy_http_version 1.1;\n"
            "            proxy_set_header Connection \"\";\n"
            "            proxy_set_header Host $host;\n"
            "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
            "            proxy_set_header X-Forwarded-Proto $scheme;\n"
            "        }\n");
    }
    s += QStringLiteral("    }\n}\n");
    return s;
}

class NginxConfigWriter final : public ConfigWriter {
public:
    QString engine() const override { return QStringLiteral("nginx"); }
    QList<ConfigFile> files(const ConfigContext &ctx) const override {
        QList<ConfigFile> out;
        for (const Node &n : ctx.topology().nodes()) {
            if (n.kind != NodeKind::Server)
                continue;
            if (const Node *web = ctx.topology().child(n.id, NodeKind::Web))
                out.append({ConfigContext::hostDir(n) + QStringLiteral("/nginx.conf"),
                            render(ctx, n, *web).toUtf8()});
        }
        if (!ctx.compose() && !out.isEmpty())
            out += siteFiles(ctx.topology());
        return out;
    }

private:
    // site/: the files the running web role serves for the design's site (the first Files
    // node's `site`; SiteDirectory), so that the exported Nginx answers what the emulator
    // answers; a placeholder page where this machine has no such files.
    static QList<ConfigFile> siteFiles(const TopologyData &t) {
        QString site;
        for (const Node &n : t.nodes()) {
            if (n.kind == NodeKind::Files) {
                site = n.text(QStringLiteral("site"));
                break;
            }
        }
        QList<ConfigFile> out;
        const QDir dir(SiteDirectory::find(site));
        QDirIterator it(dir.path(), QDir::Files | QDir::NoDotAndDotDot | QDir::Hidden,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly))
                out.append(
                    {QStringLiteral("site/") + dir.relativeFilePath(f.fileName()), f.readAll()});
        }
        std::sort(out.begin(), out.end(),
                  [](const ConfigFile &a, const ConfigFile &b) { return a.path < b.path; });
        if (out.isEmpty())
            out.append({QStringLiteral("site/index.html"),
                        QByteArrayLiteral("<!doctype html>\n<title>It works</title>\n"
                                          "<p>Served by Nginx from the application files. Replace "
                                          "this directory with your site.</p>\n")});
        return out;
    }
};

const NginxConfigWriter instance;
const ConfigWriterRegistration registration(&instance);

} // namespace

} // namespace infrastage
