#include "linklabelmenu.h"

#include "livecanvas.h"

namespace infrastage::gui {

LinkLabelMenu::LinkLabelMenu(LiveCanvas *canvas, QWidget *parent)
    : QMenu(tr("Link &Labels"), parent) {
    setObjectName(QStringLiteral("linkLabelsMenu"));
    const struct {
        const char *name;
        const char *text;
        LiveCanvas::LinkLabel label;
    } entries[] = {
        {"linkLabelRate", QT_TR_NOOP("&Requests per Second"), LiveCanvas::LabelRate},
        {"linkLabelLatency", QT_TR_NOOP("&p95 Latency"), LiveCanvas::LabelLatency},
        {"linkLabelErrors", QT_TR_NOOP("&Error %"), LiveCanvas::LabelErrors},
    };
    for (const auto &e : entries) {
        QAction *a = addAction(tr(e.text));
        a->setObjectName(QString::fromLatin1(e.name));
        a->setCheckable(true);
        a->setChecked(canvas->linkLabels() & e.label);
        const LiveCanvas::LinkLabel label = e.label;
        connect(a, &QAction::toggled, canvas, [canvas, label](bool on) {
            canvas->setLinkLabels(on ? canvas->linkLabels() | label
                                     : canvas->linkLabels() & ~label);
        });
    }
}

} // namespace infrastage::gui
