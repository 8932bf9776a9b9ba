#pragma once

#include <QMenu>

namespace infrastage::gui {

class LiveCanvas;

// View ▸ Link Labels: which measures the running design's link tags show (requests/s, p95
// latency, error %), each switched on or off.
class LinkLabelMenu final : public QMenu {
    Q_OBJECT

public:
    LinkLabelMenu(LiveCanvas *canvas, QWidget *parent = nullptr);
};

} // namespace infrastage::gui
