<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About {name}</source>
        <translation>关于{name}</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>版本 {version}</translation>
    </message>
    <message>
        <source>Dated events from the news articles you import, on a map and a timeline; works offline.</source>
        <translation>把导入的新闻文章整理成带日期的事件，显示在地图和时间轴上；全部离线运行。</translation>
    </message>
    <message>
        <source>Data sources</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <source>Online basemaps (optional)</source>
        <translation>在线底图（可选）</translation>
    </message>
    <message>
        <source>Map libraries</source>
        <translation>地图网页库</translation>
    </message>
    <message>
        <source>Python libraries</source>
        <translation>Python 库</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Version or source</source>
        <translation>版本或来源</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可</translation>
    </message>
</context>
<context>
    <name>AppState</name>
    <message>
        <source>Loading the events failed</source>
        <translation>载入事件失败</translation>
    </message>
    <message>
        <source>Also reported by</source>
        <translation>其他报道</translation>
    </message>
    <message>
        <source>Same project</source>
        <translation>同一项目</translation>
    </message>
    <message>
        <source>In the same article</source>
        <translation>同一文章中的事件</translation>
    </message>
</context>
<context>
    <name>BackupsDialog</name>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Backups in {folder}. The current database is kept beside it, renamed.</source>
        <translation>备份位于 {folder}。当前数据库会改名保留在旁边。</translation>
    </message>
    <message>
        <source>No backups in {folder} yet: one is made every day.</source>
        <translation>{folder} 中还没有备份：每天会自动备份一次。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
</context>
<context>
    <name>CurationActions</name>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Correct event…</source>
        <translation>修订事件…</translation>
    </message>
    <message>
        <source>Delete event</source>
        <translation>删除事件</translation>
    </message>
    <message>
        <source>Merge the two selected rows</source>
        <translation>合并表中选中的两个事件</translation>
    </message>
    <message>
        <source>Read the full article</source>
        <translation>阅读全文</translation>
    </message>
    <message>
        <source>Set location on the map…</source>
        <translation>在地图上设置位置…</translation>
    </message>
    <message>
        <source>Previous event</source>
        <translation>上一个事件</translation>
    </message>
    <message>
        <source>Next event</source>
        <translation>下一个事件</translation>
    </message>
    <message>
        <source>Correct “{title}”</source>
        <translation>修订 “{title}”</translation>
    </message>
    <message>
        <source>Delete “{title}”</source>
        <translation>删除 “{title}”</translation>
    </message>
    <message>
        <source>Deleted “{title}” · Ctrl+Z to undo</source>
        <translation>已删除 “{title}” · Ctrl+Z 撤销</translation>
    </message>
    <message>
        <source>Merge “{other}” into “{kept}”</source>
        <translation>合并 “{other}” → “{kept}”</translation>
    </message>
    <message>
        <source>{done} · Ctrl+Z to undo</source>
        <translation>{done} · Ctrl+Z 撤销</translation>
    </message>
    <message>
        <source>Select two rows of the events table to merge them</source>
        <translation>请在事件表中选择两行再合并</translation>
    </message>
    <message>
        <source>Click where it is on the map (Esc cancels)</source>
        <translation>在地图上点击其实际位置（Esc 取消）</translation>
    </message>
    <message>
        <source>Set the location of “{title}”</source>
        <translation>设置 “{title}” 的位置</translation>
    </message>
    <message>
        <source>No events within 3 km</source>
        <translation>3 公里内没有事件</translation>
    </message>
</context>
<context>
    <name>DamagedDialog</name>
    <message>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <source>The database file is damaged and cannot be opened safely.</source>
        <translation>数据库文件已损坏，无法安全打开。</translation>
    </message>
    <message>
        <source>Recover builds a new database from what still reads:</source>
        <translation>“修复”会用仍可读取的内容建立新数据库：</translation>
    </message>
    <message>
        <source>your documents, corrections and place fixes; events are extracted again.</source>
        <translation>文档、人工修订和地点修正；事件将重新识别。</translation>
    </message>
    <message>
        <source>Or restore a backup. The damaged file is kept, renamed.</source>
        <translation>也可以恢复备份。损坏的文件会改名保留。</translation>
    </message>
    <message>
        <source>Recover into a new database</source>
        <translation>修复为新数据库</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>DatabaseHealth</name>
    <message>
        <source>Check the database</source>
        <translation>检查数据库</translation>
    </message>
    <message>
        <source>The database is sound: the full integrity check found no damage.</source>
        <translation>数据库完好：完整性检查未发现损坏。</translation>
    </message>
    <message>
        <source>The database is damaged.</source>
        <translation>数据库已损坏。</translation>
    </message>
    <message>
        <source>Restore a backup (File → Restore a backup…) or run `explorer recover`.</source>
        <translation>请恢复备份（文件 → 恢复备份…）或运行 `explorer recover`。</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <source>Recovering the database…</source>
        <translation>正在修复数据库…</translation>
    </message>
    <message>
        <source>Recovery failed</source>
        <translation>修复失败</translation>
    </message>
    <message>
        <source>Database recovered</source>
        <translation>数据库已修复</translation>
    </message>
    <message>
        <source>The database was rebuilt. The damaged file is kept as {aside}.</source>
        <translation>数据库已重建。损坏的文件保留为 {aside}。</translation>
    </message>
</context>
<context>
    <name>DateRangeSelector</name>
    <message>
        <source>First day</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>结束日期</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Correct…</source>
        <translation>修订…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Full article</source>
        <translation>阅读全文</translation>
    </message>
    <message>
        <source>The whole article, all its events highlighted</source>
        <translation>阅读事件所在文章全文，所有事件高亮</translation>
    </message>
    <message>
        <source>Correct type, date, status or place (Ctrl+E)</source>
        <translation>修订类型、日期、状态、地点 (Ctrl+E)</translation>
    </message>
    <message>
        <source>Delete a falsely extracted event (Ctrl+Z undoes)</source>
        <translation>删除误识别的事件（Ctrl+Z 可撤销）</translation>
    </message>
    <message>
        <source>Select an event on the map, timeline or table</source>
        <translation>点击地图、时间轴或表格中的事件查看详情</translation>
    </message>
    <message>
        <source>merge into this</source>
        <translation>合并到此事件</translation>
    </message>
    <message>
        <source>page {page}</source>
        <translation>第 {page} 页</translation>
    </message>
    <message>
        <source>{page} edition page</source>
        <translation>{page} 版</translation>
    </message>
    <message>
        <source>traditional script, read as simplified</source>
        <translation>繁体原文，按简体识别</translation>
    </message>
    <message>
        <source>Nearby events ({km} km)</source>
        <translation>附近的事件 ({km} km)</translation>
    </message>
    <message>
        <source>… and {count} more</source>
        <translation>……另有 {count} 个</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>CNY {billions} bn</source>
        <translation>{yi} 亿元</translation>
    </message>
    <message>
        <source>Investment</source>
        <translation>投资</translation>
    </message>
    <message>
        <source>location set by hand</source>
        <translation>位置已手工设定</translation>
    </message>
    <message>
        <source>edited</source>
        <translation>已人工修订</translation>
    </message>
    <message>
        <source>year inferred, not stated in the article</source>
        <translation>年份为推断，原文未写明</translation>
    </message>
    <message>
        <source>exact</source>
        <translation>精确位置</translation>
    </message>
    <message>
        <source>park</source>
        <translation>园区</translation>
    </message>
    <message>
        <source>stated in the sentence</source>
        <translation>本句所述日期</translation>
    </message>
    <message>
        <source>from the ceremony or paragraph it is told under</source>
        <translation>日期取自所属仪式或段落</translation>
    </message>
    <message>
        <source>from the article&apos;s dateline</source>
        <translation>日期取自文章电头</translation>
    </message>
    <message>
        <source>from the publication date</source>
        <translation>日期按发布日期推算</translation>
    </message>
    <message>
        <source>approx. town</source>
        <translation>镇级近似</translation>
    </message>
    <message>
        <source>approx. district</source>
        <translation>区级近似</translation>
    </message>
    <message>
        <source>approx. city</source>
        <translation>市级近似</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>The database file is damaged.</source>
        <translation>数据库文件已损坏。</translation>
    </message>
    <message>
        <source>File → Restore a backup… or `explorer recover` get your data back.</source>
        <translation>可通过 文件 → 恢复备份… 或 `explorer recover` 找回数据。</translation>
    </message>
    <message>
        <source>Jiangmen Explorer</source>
        <translation>江门产业园区与项目历史</translation>
    </message>
    <message>
        <source>This is a bug. The details below are also in the log:
{path}</source>
        <translation>这是程序错误。以下详细信息也已写入日志：
{path}</translation>
    </message>
    <message>
        <source>This is a bug. The details are below.</source>
        <translation>这是程序错误。详细信息见下方。</translation>
    </message>
</context>
<context>
    <name>EventEditDialog</name>
    <message>
        <source>Correct event</source>
        <translation>修订事件</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区</translation>
    </message>
    <message>
        <source>Date as 2022-07-30</source>
        <translation>日期格式：2022-07-30</translation>
    </message>
    <message>
        <source>undated</source>
        <translation>无日期</translation>
    </message>
    <message>
        <source>The title cannot be empty</source>
        <translation>标题不能为空</translation>
    </message>
    <message>
        <source>“{text}” is not a date (use 2022-07-30)</source>
        <translation>“{text}” 不是日期（格式 2022-07-30）</translation>
    </message>
</context>
<context>
    <name>EventTable</name>
    <message>
        <source>Copy rows</source>
        <translation>复制所选行</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>修订…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Merge as one event</source>
        <translation>合并为同一事件</translation>
    </message>
    <message>
        <source>Show all columns</source>
        <translation>显示全部列</translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <source>edited</source>
        <translation>已人工修订</translation>
    </message>
</context>
<context>
    <name>FilterIndicator</name>
    <message>
        <source>Filtered</source>
        <translation>筛选中</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Show every event again</source>
        <translation>显示全部事件</translation>
    </message>
</context>
<context>
    <name>FilterPanel</name>
    <message>
        <source>Search…</source>
        <translation>搜索标题与正文…</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Dates</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
</context>
<context>
    <name>HealthActions</name>
    <message>
        <source>Check the database</source>
        <translation>检查数据库</translation>
    </message>
    <message>
        <source>Restore a backup…</source>
        <translation>恢复备份…</translation>
    </message>
    <message>
        <source>Backup restored</source>
        <translation>备份已恢复</translation>
    </message>
    <message>
        <source>Jiangmen Explorer closes now; start it again to use the restored database.</source>
        <translation>程序即将关闭；请重新启动以使用恢复的数据库。</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>User guide</source>
        <translation>使用说明</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Jiangmen Explorer</source>
        <translation>江门产业园区与项目历史</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>地图</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件表</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间轴</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Loading events…</source>
        <translation>正在载入事件…</translation>
    </message>
    <message>
        <source>{shown} of {total} events shown · {undated} undated · {unplaced} without location</source>
        <translation>{shown} / {total} 个事件 · {undated} 个无日期 · {unplaced} 个无位置</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation>导入文件夹…</translation>
    </message>
    <message>
        <source>Import files…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Paste an article…</source>
        <translation>粘贴文章…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Map page HTML…</source>
        <translation>地图网页 HTML…</translation>
    </message>
    <message>
        <source>Timeline PNG/SVG…</source>
        <translation>时间轴 PNG/SVG…</translation>
    </message>
    <message>
        <source>Events CSV/XLSX/GeoJSON…</source>
        <translation>事件表 CSV/XLSX/GeoJSON…</translation>
    </message>
    <message>
        <source>Briefing (PDF/DOCX)…</source>
        <translation>简报（PDF/DOCX）…</translation>
    </message>
    <message>
        <source>No events are shown: nothing to brief</source>
        <translation>当前没有显示的事件，无法生成简报</translation>
    </message>
    <message>
        <source>Briefing</source>
        <translation>简报</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Save the briefing</source>
        <translation>保存简报</translation>
    </message>
    <message>
        <source>Writing the briefing…</source>
        <translation>正在生成简报…</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Articles ({patterns});;All (*)</source>
        <translation>文章 ({patterns});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>导入中…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was changed</source>
        <translation>导入已取消，数据未改变</translation>
    </message>
    <message>
        <source>Imported {documents} documents ({articles} articles, {events} events)</source>
        <translation>已导入 {documents} 个文档（{articles} 篇文章，{events} 个事件）</translation>
    </message>
    <message>
        <source>Skipped {duplicates} already imported</source>
        <translation>跳过 {duplicates} 个已导入的文档</translation>
    </message>
    <message>
        <source>Failed {failures}</source>
        <translation>失败 {failures} 个</translation>
    </message>
    <message>
        <source>Ignored {ignored} files of other kinds</source>
        <translation>忽略 {ignored} 个其他类型的文件</translation>
    </message>
    <message>
        <source>{warnings} warnings (see Show Details)</source>
        <translation>{warnings} 条警告（见详细信息）</translation>
    </message>
    <message>
        <source>{format}: {documents} imported ({articles} articles), {failed} failed</source>
        <translation>{format}：导入 {documents} 个（{articles} 篇文章），失败 {failed} 个</translation>
    </message>
    <message>
        <source>Not read (not a kind of file it reads): {path}</source>
        <translation>未读取（不支持的文件类型）：{path}</translation>
    </message>
    <message>
        <source>Text files</source>
        <translation>文本文件</translation>
    </message>
    <message>
        <source>Web pages</source>
        <translation>网页</translation>
    </message>
    <message>
        <source>Web archives (MHTML)</source>
        <translation>网页存档 (MHTML)</translation>
    </message>
    <message>
        <source>PDF pages</source>
        <translation>PDF 版面</translation>
    </message>
    <message>
        <source>Word documents</source>
        <translation>Word 文档</translation>
    </message>
    <message>
        <source>Pasted articles</source>
        <translation>粘贴的文章</translation>
    </message>
    <message>
        <source>Failed: {problem}</source>
        <translation>失败：{problem}</translation>
    </message>
    <message>
        <source>Map snapshot…</source>
        <translation>地图快照…</translation>
    </message>
    <message>
        <source>Already imported: {entry}</source>
        <translation>已导入过：{entry}</translation>
    </message>
    <message>
        <source>Warning: {warning}</source>
        <translation>警告：{warning}</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>The map did not start: its offline web libraries are missing. Run make setup.</source>
        <extracomment>No tile at all this long after an online basemap was chosen: back to the offline one.</extracomment>
        <translation>地图未能启动：缺少离线地图组件。请运行 make setup 后重试。</translation>
    </message>
</context>
<context>
    <name>PasteArticleDialog</name>
    <message>
        <source>Paste an article</source>
        <translation>粘贴文章</translation>
    </message>
    <message>
        <source>2022-07-30 or 2022年7月30日</source>
        <translation>2022-07-30 或 2022年7月30日</translation>
    </message>
    <message>
        <source>e.g. 江门日报 WeChat account</source>
        <translation>例如 江门日报微信公众号</translation>
    </message>
    <message>
        <source>Paste the article&apos;s text here</source>
        <translation>在此粘贴文章正文</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Not a date: {value} (e.g. 2022-07-30)</source>
        <translation>不是日期：{value}（例如 2022-07-30）</translation>
    </message>
</context>
<context>
    <name>PlaceLookup</name>
    <message>
        <source>Looking up places online: {done}/{total}</source>
        <translation>正在在线查找地点坐标：{done}/{total}</translation>
    </message>
    <message>
        <source>Places looked up: {found} found, {missing} not found, {errors} errors</source>
        <translation>地点查找完成：找到 {found} 个，未找到 {missing} 个，出错 {errors} 个</translation>
    </message>
    <message>
        <source>Looking up places failed</source>
        <translation>地点查找失败</translation>
    </message>
</context>
<context>
    <name>PreferencesMenu</name>
    <message>
        <source>Preferences</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Look up missing places online (OpenStreetMap Nominatim)</source>
        <translation>在线查找缺失地点的坐标（OpenStreetMap Nominatim）</translation>
    </message>
    <message>
        <source>Look up missing places now</source>
        <translation>立即查找缺失地点的坐标</translation>
    </message>
    <message>
        <source>Your name for corrections…</source>
        <translation>修订署名…</translation>
    </message>
    <message>
        <source>Database…</source>
        <translation>数据库…</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>Corrections are stored with this name:</source>
        <translation>修订记录将以此署名保存：</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>A database file, or a team server: postgresql://user@host/database
(empty: this computer&apos;s own database). Used from the next start.</source>
        <translation>数据库文件，或团队服务器：postgresql://用户@主机/数据库
（留空：本机数据库）。下次启动时生效。</translation>
    </message>
    <message>
        <source>The window opens {database} from the next start.</source>
        <translation>下次启动时将打开 {database}。</translation>
    </message>
    <message>
        <source>this computer&apos;s own database</source>
        <translation>本机数据库</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>SnapshotDialog</name>
    <message>
        <source>Map snapshot</source>
        <translation>地图快照</translation>
    </message>
    <message>
        <source>A4 landscape</source>
        <translation>A4 横向</translation>
    </message>
    <message>
        <source>A4 portrait</source>
        <translation>A4 纵向</translation>
    </message>
    <message>
        <source>A3 landscape</source>
        <translation>A3 横向</translation>
    </message>
    <message>
        <source>A3 portrait</source>
        <translation>A3 纵向</translation>
    </message>
    <message>
        <source>Pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>Label the events</source>
        <translation>标注事件</translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation>复制到剪贴板</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Subtitle</source>
        <translation>副标题</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Width (px)</source>
        <translation>宽度（像素）</translation>
    </message>
    <message>
        <source>Height (px)</source>
        <translation>高度（像素）</translation>
    </message>
    <message>
        <source>{width} × {height} pixels</source>
        <translation>{width} × {height} 像素</translation>
    </message>
    <message>
        <source>Drawing the preview…</source>
        <translation>正在生成预览…</translation>
    </message>
    <message>
        <source>The preview failed: {error}</source>
        <translation>预览失败：{error}</translation>
    </message>
    <message>
        <source>Drawing the snapshot…</source>
        <translation>正在生成快照…</translation>
    </message>
    <message>
        <source>The snapshot failed: {error}</source>
        <translation>快照失败：{error}</translation>
    </message>
    <message>
        <source>Copied: {width} × {height} pixels</source>
        <translation>已复制：{width} × {height} 像素</translation>
    </message>
    <message>
        <source>Save the map snapshot</source>
        <translation>保存地图快照</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF (*.pdf)</source>
        <translation>PNG 图片 (*.png);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>District</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Lanes</source>
        <translation>分组</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>No events to show</source>
        <translation>没有可显示的事件</translation>
    </message>
</context>
</TS>
