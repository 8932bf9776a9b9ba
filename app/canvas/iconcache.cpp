#include "iconcache.h"

#include <QHash>
#include <QPainter>
#include <QSvgRenderer>

static void registerIconResources() {
    Q_INIT_RESOURCE(icons);
}

namespace infrastage::gui {

void initResources() {
    static const bool once = [] {
        registerIconResources();
        return true;
    }();
    Q_UNUSED(once);
}

namespace IconCache {

QString iconPath(NodeKind kind) {
    return QStringLiteral(":/icons/%1.svg").arg(nodeKindName(kind));
}

QIcon icon(NodeKind kind) {
    initResources();
    return QIcon(iconPath(kind));
}

QPixmap pixmap(NodeKind kind, int logicalSize, qreal devicePixelRatio) {
    initResources();
    static QHash<QString, QPixmap> cache;
    const QString key =
        QStringLiteral("%1/%2/%3").arg(int(kind)).arg(logicalSize).arg(devicePixelRatio);
    auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return *it;
    const int px = qCeil(logicalSize * devicePixelRatio);
    QImage image(px, px, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QSvgRenderer renderer(iconPath(kind));
    QPainter p(&image);
    renderer.render(&p);
    p.end();
    QPixmap pm = QPixmap::fromImage(image);
    pm.setDevicePixelRatio(devicePixelRatio);
    cache.insert(key, pm);
    return pm;
}

} // namespace IconCache

} // namespace infrastage::gui
