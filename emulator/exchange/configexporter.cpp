// `--format configs -o DIR`: every engine's configuration for the design's real machines,
// plus the same configurations for one docker-compose host under compose/.
#include "configwriter.h"
#include "exporter.h"

#include <QDir>

namespace infrastage {

namespace {

class ConfigExporter final : public Exporter {
public:
    QString format() const override { return QStringLiteral("configs"); }
    QString summary() const override {
        return QStringLiteral("configurations for HAProxy, Nginx, MariaDB, keepalived, nftables, "
                              "Prometheus, docker-compose and Ansible (a directory)");
    }
    QString extension() const override { return QString(); }

    bool write(const TopologyData &topology, const ExportOptions &, const QString &path,
               QString *error) const override {
        if (QFileInfo(path).isFile()) {
            if (error)
                *error =
                    QStringLiteral("%1: is a file; configs are written to a directory").arg(path);
            return false;
        }
        QList<ConfigFile> files =
            ConfigWriters::render(ConfigContext(topology, ConfigContext::Target::Hosts));
        for (const ConfigFile &f :
             ConfigWriters::render(ConfigContext(topology, ConfigContext::Target::Compose)))
            files.append({QStringLiteral("compose/") + f.path, f.content});
        const QDir dir(path);
        for (const ConfigFile &f : files) {
            if (!Exporters::writeFile(dir.filePath(f.path), f.content, error))
                return false;
        }
        return true;
    }
};

const ConfigExporter instance;
const ExporterRegistration registration(&instance);

} // namespace

} // namespace infrastage
