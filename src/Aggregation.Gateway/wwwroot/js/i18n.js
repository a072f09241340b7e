// Vietnamese first, English on request. Catalogue names come from GET /api/catalog; the rest is here.

const STRINGS = {
  vi: {
    appTitle: 'Chỉ tiêu kinh tế – xã hội',
    appSubtitle: 'Tổng hợp trực tiếp từ báo cáo của xã',
    skip: 'Bỏ qua, đến nội dung chính',
    unitCode: 'Mã đơn vị',
    period: 'Kỳ báo cáo',
    show: 'Xem',
    breadcrumb: 'Đường dẫn',
    views: 'Chức năng',
    orleans: 'Orleans Dashboard (trạng thái cụm)',
    openapi: 'Mô tả API (OpenAPI)',
    sampleNote: 'Dữ liệu mẫu là số liệu giả lập, trừ kế hoạch năm 2023 của xã Tân Việt.',
    switchTo: 'English',
    tabOverview: 'Tổng quan',
    tabCompare: 'So sánh',
    tabReport: 'Báo cáo của xã',
    tabWhatIf: 'Giả định (what-if)',
    loading: 'Đang tải…',
    live: 'Trực tiếp · cập nhật lúc {time}',
    liveLost: 'Mất kết nối với máy chủ, đang thử lại…',
    errorTitle: 'Không thực hiện được',
    errorNetwork: 'Không kết nối được với máy chủ.',
    errorStatus: 'Lỗi {status}',
    retryAfter: 'Hệ thống đang bận, vui lòng thử lại sau giây lát.',
    badRoute: 'Địa chỉ không hợp lệ: cần mã đơn vị và kỳ báo cáo, ví dụ #/unit/30/2023.',
    badPeriod: 'Kỳ báo cáo “{period}” không hợp lệ: nhập năm (2023), nửa năm (2023S1), quý (2023Q1) hoặc tháng (202301).',
    additiveNote: 'Đây là chỉ tiêu cộng dồn: giá trị và mục tiêu của toàn {name} là tổng của các đơn vị nên không vẽ trên cùng thang; vạch đen là mục tiêu riêng của từng đơn vị.',
    field_period: 'Kỳ báo cáo', field_unit: 'Đơn vị', field_code: 'Mã đơn vị', field_indicator: 'Chỉ tiêu', field_name: 'Tên',
    field_values: 'Số liệu', field_expectedVersion: 'Phiên bản', field_target: 'Mục tiêu', field_lever: 'Các xã điều chỉnh',
    'field_lever.element': 'Số liệu điều chỉnh', 'field_lever.units': 'Các xã điều chỉnh', 'field_lever.mode': 'Cách điều chỉnh',
    field_overrides: 'Các thay đổi', field_body: 'Nội dung yêu cầu', field_format: 'Định dạng',
    level_commune: 'cấp xã', level_district: 'cấp huyện', level_province: 'cấp tỉnh', level_nation: 'toàn quốc',
    periodLabel: 'Kỳ {period}',
    completeness: '{reported}/{expected} xã đã báo cáo',
    flagged: '{count} xã có cảnh báo',
    contributors: 'Số liệu từ {count}/{expected} xã',
    target: 'Mục tiêu',
    targetInfo: 'tham khảo',
    noTarget: 'Chưa có mục tiêu',
    targetNone: 'chưa đặt',
    notAssessed: 'Không đánh giá',
    attained: 'Đạt',
    notAttained: 'Chưa đạt',
    infoOnly: 'Chỉ tiêu theo dõi',
    noData: 'Chưa đủ số liệu',
    progress: 'Tiến độ so với mục tiêu',
    progressOf: '{value} mục tiêu',
    children: 'Đơn vị trực thuộc',
    childName: 'Đơn vị',
    childCode: 'Mã',
    childLevel: 'Cấp',
    childLeaves: 'Số xã',
    childReported: 'Đã báo cáo',
    childActions: 'Xem',
    open: 'Tổng quan',
    enterReport: 'Nhập báo cáo',
    noChildren: 'Đơn vị này là xã: không có đơn vị trực thuộc.',
    indicatorsOf: 'Chỉ tiêu của {name}',
    compareTitle: 'So sánh các đơn vị trực thuộc',
    compareNoChildren: 'Đơn vị này không có đơn vị trực thuộc để so sánh.',
    indicator: 'Chỉ tiêu',
    direction_higher: 'cao hơn là tốt hơn',
    direction_lower: 'thấp hơn là tốt hơn',
    direction_info: 'chỉ tiêu theo dõi, không xếp hạng tốt/xấu',
    aggregate: 'Toàn đơn vị',
    aggregateOf: '{name}: {value}',
    chartTitle: 'Xếp hạng {indicator}, kỳ {period}',
    chartDesc: 'Biểu đồ thanh: mỗi đơn vị một thanh, từ tốt nhất đến kém nhất; đường nét đứt là mục tiêu, đường liền là giá trị toàn đơn vị.',
    legendAttained: 'Đạt mục tiêu',
    legendNotAttained: 'Chưa đạt mục tiêu',
    legendNone: 'Không đánh giá',
    legendTarget: 'Mục tiêu của {name}',
    legendOwnTarget: 'Mục tiêu riêng của từng đơn vị',
    legendAggregate: 'Giá trị toàn {name}',
    heatmapTitle: 'Bản đồ nhiệt: đơn vị × chỉ tiêu',
    heatmapHint: 'Màu theo mức đạt mục tiêu của từng đơn vị (✓ đạt, ✗ chưa đạt, – không đánh giá). Bấm tên chỉ tiêu để xem biểu đồ.',
    tableTitle: 'Bảng xếp hạng',
    rank: 'Hạng',
    value: 'Giá trị',
    status: 'Đánh giá',
    sortBy: 'Sắp xếp theo {column}',
    download: 'Tải về',
    keyTitle: 'Khóa truy cập',
    keyHelp: 'Nhập khóa API do quản trị viên cấp (agg_…). Khóa chỉ được giữ trong phiên làm việc này của trình duyệt.',
    keyLabel: 'Khóa',
    keySignIn: 'Đăng nhập',
    keyRejected: 'Khóa không hợp lệ, đã bị thu hồi hoặc đã hết hạn.',
    signOut: 'Đăng xuất',
    downloadRankingCsv: 'Xếp hạng (CSV)',
    downloadRankingXlsx: 'Xếp hạng (Excel)',
    downloadAllCsv: 'Mọi chỉ tiêu của đơn vị và đơn vị trực thuộc (CSV)',
    downloadAllXlsx: 'Mọi chỉ tiêu (Excel)',
    reportTitle: 'Báo cáo kỳ {period}',
    reportNotLeaf: 'Chỉ xã (đơn vị không có đơn vị trực thuộc) mới nộp báo cáo. Chọn một xã trong danh sách đơn vị trực thuộc.',
    reportCurrent: 'Phiên bản hiện tại: {version}, nộp lúc {at} bởi {by}.',
    reportNone: 'Chưa có báo cáo cho kỳ này.',
    reportLocked: 'Kỳ báo cáo này đã được duyệt và khóa; cần hủy duyệt trước khi nộp lại.',
    approvedBy: 'Đã duyệt bởi {by} lúc {at}',
    notApproved: 'Chưa duyệt',
    approve: 'Duyệt',
    unapprove: 'Hủy duyệt',
    reportHint: 'Để trống ô nào thì chỉ tiêu đó không được báo cáo. Số thập phân viết bằng dấu phẩy (1039,82); dấu chấm ngăn cách hàng nghìn (15.862).',
    reportSubmit: 'Nộp báo cáo',
    reportReset: 'Khôi phục số đã nộp',
    reportSaving: 'Đang lưu…',
    reportSaved: 'Đã lưu phiên bản {version} lúc {at}.',
    reportRejected: 'Báo cáo bị từ chối, chưa có gì được lưu. Sửa các ô được đánh dấu rồi nộp lại.',
    reportConflict: 'Báo cáo vừa được cập nhật ở nơi khác (phiên bản {version}). Tải lại số mới nhất trước khi nộp.',
    reportReload: 'Tải lại số mới nhất',
    reportNewer: 'Có phiên bản mới hơn ({version}) do nơi khác nộp.',
    reportWarnings: 'Báo cáo đã được nhận nhưng có cảnh báo:',
    reportNoWarnings: 'Không có cảnh báo.',
    elementUnit: 'Đơn vị tính: {unit}',
    historyTitle: 'Lịch sử các phiên bản',
    historyEmpty: 'Chưa có phiên bản nào.',
    version: 'Phiên bản',
    submittedAt: 'Thời điểm nộp',
    submittedBy: 'Người nộp',
    changes: 'Thay đổi so với phiên bản trước',
    warnings: 'Cảnh báo',
    firstVersion: 'Phiên bản đầu tiên ({count} chỉ tiêu)',
    noChanges: 'Không đổi',
    planTitle: 'Tiến độ thực hiện kế hoạch năm {year}',
    planNone: 'Chưa có kế hoạch năm {year} cho đơn vị này.',
    planWarnings: 'Kế hoạch có chỉ tiêu mâu thuẫn:',
    actual: 'Thực hiện',
    whatIfTitle: 'Kịch bản giả định cho {name}, kỳ {period}',
    whatIfIntro: 'Thay đổi số liệu của một số xã để xem các chỉ tiêu sẽ ra sao. Không có gì được ghi vào báo cáo thật.',
    whatIfUnits: 'Áp dụng cho',
    whatIfUnitsHint: 'Chọn xã; chọn một đơn vị có xã trực thuộc là áp dụng cho mọi xã của nó.',
    whatIfAll: 'Chọn tất cả',
    whatIfNone: 'Bỏ chọn',
    whatIfElements: 'Số liệu cần thay đổi',
    whatIfKind: 'Cách thay đổi',
    kind_set: 'Đặt bằng giá trị',
    kind_scale: 'Nhân với hệ số',
    kind_delta: 'Cộng thêm (âm là bớt đi)',
    kind_growth: 'Tăng trưởng % so với kỳ trước',
    whatIfAmount: 'Giá trị',
    whatIfAdd: 'Thêm vào kịch bản',
    whatIfPickUnit: 'Chọn ít nhất một đơn vị.',
    whatIfPickElement: 'Chọn ít nhất một số liệu.',
    whatIfBadAmount: 'Nhập một số hợp lệ.',
    whatIfOverrides: 'Các thay đổi trong kịch bản',
    whatIfNoOverrides: 'Chưa có thay đổi nào. Chọn đơn vị, số liệu và cách thay đổi rồi bấm “Thêm vào kịch bản”.',
    whatIfRemove: 'Bỏ',
    whatIfClear: 'Xoá hết',
    whatIfRun: 'Tính kịch bản',
    whatIfRunning: 'Đang tính…',
    whatIfResult: 'Kết quả: hiện trạng và kịch bản',
    whatIfChanged: 'Số xã có số liệu thay đổi: {count}',
    baseline: 'Hiện trạng',
    scenario: 'Kịch bản',
    delta: 'Chênh lệch',
    attainment: 'Đạt mục tiêu',
    becomesAttained: 'chuyển sang đạt',
    becomesNotAttained: 'chuyển sang chưa đạt',
    whatIfChildren: 'Theo đơn vị trực thuộc',
    goalSeekTitle: 'Tìm giá trị cần đạt (goal seek)',
    goalSeekIntro: 'Tìm hệ số (hoặc mức tăng trưởng) chung cho một số liệu ở các xã đã chọn để chỉ tiêu của {name} đạt mục tiêu.',
    goalSeekTarget: 'Giá trị mục tiêu',
    goalSeekElement: 'Số liệu điều chỉnh',
    goalSeekLever: 'Các xã điều chỉnh',
    goalSeekLeverAll: 'Mọi xã của {name}',
    goalSeekLeverSelected: 'Các đơn vị đã chọn ở trên',
    goalSeekMode: 'Cách điều chỉnh',
    mode_scale: 'Nhân với hệ số',
    mode_growth: 'Tăng trưởng % so với kỳ trước',
    goalSeekRun: 'Tìm',
    goalSeekReachable: 'Đạt được: {lever} cho giá trị {value} (hiện trạng {baseline}).',
    goalSeekUnreachable: 'Không đạt được trong khoảng tìm kiếm. Gần nhất: {lever} cho giá trị {value} (hiện trạng {baseline}).',
    goalSeekFactor: 'hệ số × {factor}',
    goalSeekGrowth: 'tăng trưởng {growth} %',
    goalSeekApply: 'Thêm vào kịch bản',
    goalSeekNotMonotone: 'Lưu ý: chỉ tiêu không đơn điệu theo số liệu điều chỉnh, có thể còn giá trị khác cũng đạt mục tiêu.',
    saveTitle: 'Lưu kịch bản',
    saveName: 'Tên kịch bản',
    save: 'Lưu',
    saved: 'Đã lưu kịch bản “{name}” (mã {id}).',
    saveNeedsOverrides: 'Kịch bản cần ít nhất một thay đổi.',
    savedList: 'Kịch bản đã lưu cho {name}, kỳ {period}',
    savedNone: 'Chưa có kịch bản nào được lưu cho đơn vị và kỳ này.',
    load: 'Mở',
    overrideCount: '{count} thay đổi',
    remove: 'Xoá',
    currentResult: 'Kết quả trên số liệu hiện tại',
    overrideText_set: '{element} của {unit} = {amount}',
    overrideText_scale: '{element} của {unit} × {amount}',
    overrideText_delta: '{element} của {unit} {sign} {amount}',
    overrideText_growth: '{element} của {unit}: tăng {amount} % so với kỳ trước',
    yes: 'Có',
    no: 'Không',
    unknownUnit: 'đơn vị {code}',
  },
  en: {
    appTitle: 'Socio-economic indicators',
    appSubtitle: 'Rolled up live from commune reports',
    skip: 'Skip to main content',
    unitCode: 'Unit code',
    period: 'Period',
    show: 'Show',
    breadcrumb: 'Breadcrumb',
    views: 'Views',
    orleans: 'Orleans Dashboard (cluster status)',
    openapi: 'API description (OpenAPI)',
    sampleNote: 'Sample figures are synthetic, except commune Tân Việt’s 2023 plan.',
    switchTo: 'Tiếng Việt',
    tabOverview: 'Overview',
    tabCompare: 'Comparison',
    tabReport: 'Commune report',
    tabWhatIf: 'What-if',
    loading: 'Loading…',
    live: 'Live · updated {time}',
    liveLost: 'Lost the connection to the server, retrying…',
    errorTitle: 'That did not work',
    errorNetwork: 'Cannot reach the server.',
    errorStatus: 'Error {status}',
    retryAfter: 'The system is busy; please try again in a moment.',
    badRoute: 'Invalid address: it needs a unit code and a period, e.g. #/unit/30/2023.',
    badPeriod: 'Period “{period}” is not valid: enter a year (2023), half-year (2023S1), quarter (2023Q1) or month (202301).',
    additiveNote: 'This indicator adds up: the whole of {name}’s value and target are totals of its units, so they are not drawn on the same scale; black marks are each unit’s own target.',
    field_period: 'Period', field_unit: 'Unit', field_code: 'Unit code', field_indicator: 'Indicator', field_name: 'Name',
    field_values: 'Values', field_expectedVersion: 'Version', field_target: 'Target', field_lever: 'Communes adjusted',
    'field_lever.element': 'Figure to adjust', 'field_lever.units': 'Communes adjusted', 'field_lever.mode': 'Adjustment',
    field_overrides: 'Changes', field_body: 'Request body', field_format: 'Format',
    level_commune: 'commune', level_district: 'district', level_province: 'province', level_nation: 'nation',
    periodLabel: 'Period {period}',
    completeness: '{reported}/{expected} communes reported',
    flagged: '{count} with warnings',
    contributors: 'From {count}/{expected} communes',
    target: 'Target',
    targetInfo: 'for information',
    noTarget: 'No target',
    targetNone: 'none set',
    notAssessed: 'Not assessed',
    attained: 'Attained',
    notAttained: 'Not attained',
    infoOnly: 'For information',
    noData: 'Not enough data',
    progress: 'Progress towards the target',
    progressOf: '{value} of target',
    children: 'Units below',
    childName: 'Unit',
    childCode: 'Code',
    childLevel: 'Level',
    childLeaves: 'Communes',
    childReported: 'Reported',
    childActions: 'Open',
    open: 'Overview',
    enterReport: 'Enter report',
    noChildren: 'This unit is a commune: it has no units below it.',
    indicatorsOf: 'Indicators of {name}',
    compareTitle: 'Comparing the units below',
    compareNoChildren: 'This unit has no units below it to compare.',
    indicator: 'Indicator',
    direction_higher: 'higher is better',
    direction_lower: 'lower is better',
    direction_info: 'for information, not ranked as better or worse',
    aggregate: 'Whole unit',
    aggregateOf: '{name}: {value}',
    chartTitle: '{indicator} ranking, period {period}',
    chartDesc: 'Bar chart: one bar per unit, best first; the dashed line is the target, the solid line the whole unit’s value.',
    legendAttained: 'Target attained',
    legendNotAttained: 'Target not attained',
    legendNone: 'Not assessed',
    legendTarget: 'Target of {name}',
    legendOwnTarget: 'Each unit’s own target',
    legendAggregate: 'Value of the whole of {name}',
    heatmapTitle: 'Heat map: units × indicators',
    heatmapHint: 'Coloured by each unit’s attainment (✓ attained, ✗ not attained, – not assessed). Select an indicator name to chart it.',
    tableTitle: 'Ranking table',
    rank: 'Rank',
    value: 'Value',
    status: 'Assessment',
    sortBy: 'Sort by {column}',
    download: 'Download',
    keyTitle: 'Access key',
    keyHelp: 'Enter the API key an administrator gave you (agg_…). It is kept only for this browser session.',
    keyLabel: 'Key',
    keySignIn: 'Sign in',
    keyRejected: 'The key is unknown, revoked or expired.',
    signOut: 'Sign out',
    downloadRankingCsv: 'Ranking (CSV)',
    downloadRankingXlsx: 'Ranking (Excel)',
    downloadAllCsv: 'Every indicator of the unit and the units below (CSV)',
    downloadAllXlsx: 'Every indicator (Excel)',
    reportTitle: 'Report for {period}',
    reportNotLeaf: 'Only communes (units with nothing below them) report. Pick a commune from the units below.',
    reportCurrent: 'Current version: {version}, submitted {at} by {by}.',
    reportNone: 'No report for this period yet.',
    reportLocked: 'This period is approved and locked; it must be unapproved before a new submission.',
    approvedBy: 'Approved by {by} on {at}',
    notApproved: 'Not approved',
    approve: 'Approve',
    unapprove: 'Unapprove',
    reportHint: 'A blank field is not reported. Decimals may use a point (1039.82); commas separate thousands (15,862).',
    reportSubmit: 'Submit report',
    reportReset: 'Restore the submitted figures',
    reportSaving: 'Saving…',
    reportSaved: 'Saved as version {version} at {at}.',
    reportRejected: 'The report was refused and nothing was stored. Correct the marked fields and submit again.',
    reportConflict: 'The report was just updated elsewhere (version {version}). Reload the latest figures before submitting.',
    reportReload: 'Reload the latest figures',
    reportNewer: 'A newer version ({version}) was submitted elsewhere.',
    reportWarnings: 'The report was accepted with warnings:',
    reportNoWarnings: 'No warnings.',
    elementUnit: 'Unit: {unit}',
    historyTitle: 'Version history',
    historyEmpty: 'No versions yet.',
    version: 'Version',
    submittedAt: 'Submitted',
    submittedBy: 'By',
    changes: 'Changes from the previous version',
    warnings: 'Warnings',
    firstVersion: 'First version ({count} elements)',
    noChanges: 'No change',
    planTitle: 'Progress on the {year} plan',
    planNone: 'This unit has no plan for {year}.',
    planWarnings: 'The plan contradicts itself:',
    actual: 'Achieved',
    whatIfTitle: 'What-if scenario for {name}, period {period}',
    whatIfIntro: 'Change some communes’ figures and see what happens to the indicators. Nothing is written into the real reports.',
    whatIfUnits: 'Apply to',
    whatIfUnitsHint: 'Pick communes; picking a unit with communes below it applies to every one of them.',
    whatIfAll: 'Select all',
    whatIfNone: 'Select none',
    whatIfElements: 'Figures to change',
    whatIfKind: 'Change',
    kind_set: 'Set to',
    kind_scale: 'Multiply by',
    kind_delta: 'Add (negative subtracts)',
    kind_growth: 'Growth % on the previous period',
    whatIfAmount: 'Amount',
    whatIfAdd: 'Add to scenario',
    whatIfPickUnit: 'Pick at least one unit.',
    whatIfPickElement: 'Pick at least one figure.',
    whatIfBadAmount: 'Enter a valid number.',
    whatIfOverrides: 'Changes in the scenario',
    whatIfNoOverrides: 'No changes yet. Pick units, figures and a change, then “Add to scenario”.',
    whatIfRemove: 'Remove',
    whatIfClear: 'Clear all',
    whatIfRun: 'Evaluate scenario',
    whatIfRunning: 'Evaluating…',
    whatIfResult: 'Result: baseline and scenario',
    whatIfChanged: 'Communes with changed figures: {count}',
    baseline: 'Baseline',
    scenario: 'Scenario',
    delta: 'Change',
    attainment: 'Target attained',
    becomesAttained: 'becomes attained',
    becomesNotAttained: 'becomes not attained',
    whatIfChildren: 'By unit below',
    goalSeekTitle: 'Goal seek',
    goalSeekIntro: 'Find the uniform factor (or growth) on one figure over the chosen communes that brings {name}’s indicator to a target.',
    goalSeekTarget: 'Target value',
    goalSeekElement: 'Figure to adjust',
    goalSeekLever: 'Communes adjusted',
    goalSeekLeverAll: 'Every commune of {name}',
    goalSeekLeverSelected: 'The units selected above',
    goalSeekMode: 'Adjustment',
    mode_scale: 'Multiply by a factor',
    mode_growth: 'Growth % on the previous period',
    goalSeekRun: 'Seek',
    goalSeekReachable: 'Reachable: {lever} gives {value} (baseline {baseline}).',
    goalSeekUnreachable: 'Not reachable in the searched range. Closest: {lever} gives {value} (baseline {baseline}).',
    goalSeekFactor: 'factor × {factor}',
    goalSeekGrowth: 'growth {growth} %',
    goalSeekApply: 'Add to scenario',
    goalSeekNotMonotone: 'Note: the indicator is not monotone in the lever; other values may reach the target too.',
    saveTitle: 'Save the scenario',
    saveName: 'Scenario name',
    save: 'Save',
    saved: 'Saved scenario “{name}” (id {id}).',
    saveNeedsOverrides: 'A scenario needs at least one change.',
    savedList: 'Saved scenarios for {name}, period {period}',
    savedNone: 'No saved scenarios for this unit and period.',
    load: 'Open',
    overrideCount: '{count} changes',
    remove: 'Delete',
    currentResult: 'Result on current data',
    overrideText_set: '{element} of {unit} = {amount}',
    overrideText_scale: '{element} of {unit} × {amount}',
    overrideText_delta: '{element} of {unit} {sign} {amount}',
    overrideText_growth: '{element} of {unit}: growth {amount} % on the previous period',
    yes: 'Yes',
    no: 'No',
    unknownUnit: 'unit {code}',
  },
};

const UNITS = {
  vi: {
    'billion VND': 'tỷ đồng',
    'million VND': 'triệu đồng',
    'million VND / person / year': 'triệu đồng/người/năm',
    persons: 'người',
    children: 'trẻ',
    households: 'hộ',
    dossiers: 'hồ sơ',
    criteria: 'tiêu chí',
    'boys per 100 girls': 'bé trai/100 bé gái',
    '%': '%',
  },
  en: {},
};

let current = localStorage.getItem('lang') === 'en' ? 'en' : 'vi';
let catalog = { elements: [], indicators: [] };
const byCode = new Map();

export const lang = () => current;

export function setLang(value) {
  current = value === 'en' ? 'en' : 'vi';
  localStorage.setItem('lang', current);
  document.documentElement.lang = current;
}

/** A UI string with {placeholders} filled in. */
export function t(key, params = {}) {
  const text = STRINGS[current][key] ?? STRINGS.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

export function setCatalog(value) {
  catalog = value;
  for (const item of [...value.elements, ...value.indicators]) byCode.set(item.code, item);
}

export const elements = () => catalog.elements;
export const indicators = () => catalog.indicators;
export const findIndicator = (code) => catalog.indicators.find((i) => i.code === code);
export const findElement = (code) => catalog.elements.find((e) => e.code === code);
/** A plain total (no division): the unit's value is the sum of its children's, not on their scale. */
export const isTotal = (indicator) => !indicator.formula.includes('/');

/** An element's or indicator's name in the current language; the code itself when the catalogue does not know it. */
export function nameOf(code) {
  const item = byCode.get(code);
  return item ? item.name[current] ?? item.name.vi : code;
}

export function unitLabel(unit) {
  return UNITS[current][unit] ?? unit ?? '';
}

/** A problem+json field's label: a known request field, or an element's or indicator's name. */
export function fieldName(field) {
  const key = `field_${field}`;
  return key in STRINGS.vi ? t(key) : nameOf(field);
}

export function levelLabel(level) {
  const key = `level_${level}`;
  return key in STRINGS.vi ? t(key) : level;
}

const number = (value, digits = 6) => (typeof value === 'number'
  ? new Intl.NumberFormat('vi-VN', { maximumFractionDigits: digits }).format(value) : String(value ?? ''));

/** A formula input as the API names it, `income_total` or `income_total[-1]` (the previous period's). */
const input = (name) => {
  const previous = /^(.+)\[-1\]$/.exec(name);
  return previous ? `${nameOf(previous[1])} kỳ trước` : nameOf(name);
};

const beyondDecimal = 'vượt quá giới hạn tính toán (khoảng ±7,9 × 10²⁸)';

// Warnings, reasons and goal-seek notes are translated by their code with their args (docs/problems.md),
// never by their English words. Thresholds and values come in the args: none is restated here.
const VI_NOTES = {
  sector_sum: (a) => `tổng thu nhập các ngành là ${number(a.sectors)}, lệch khỏi ${nameOf('income_total')} (${number(a.total)}) hơn ${number(a.tolerance)} %`,
  insured_above_population: (a) => `${nameOf('insured_people')} (${number(a.insured)}) lớn hơn ${nameOf('population')} (${number(a.population)})`,
  sex_ratio: (a) => `tỷ số giới tính khi sinh ${a.ratio == null ? 'không xác định' : number(a.ratio)} nằm ngoài khoảng ` +
    `${number(a.low)}–${number(a.high)} bé trai/100 bé gái`,
  large_change: (a) => `${nameOf(a.element)} thay đổi từ ${number(a.from)} thành ${number(a.to)}, hơn ${number(a.threshold)} % so với kỳ trước`,
  no_contributor: (a) => `chưa xã nào báo cáo đủ: ${(a.inputs ?? []).map(input).join(', ')}`,
  zero_denominator: () => 'mẫu số bằng 0',
  value_overflow: () => `giá trị ${beyondDecimal}`,
  progress_overflow: () => `tiến độ ${beyondDecimal}`,
  change_overflow: () => `chênh lệch ${beyondDecimal}`,
  not_monotone: () => 'chỉ tiêu không đơn điệu theo số liệu điều chỉnh; giá trị khác cũng có thể đạt mục tiêu',
  undefined_over_range: () => 'chỉ tiêu không xác định trong cả khoảng tìm kiếm',
  target_not_crossed: () => 'không có giá trị nào trong khoảng tìm kiếm đạt mục tiêu; đây là giá trị gần nhất',
  undefined_near_target: () => 'chỉ tiêu không xác định gần điểm đạt mục tiêu',
  jumps_across_target: () => 'giá trị nhảy qua mục tiêu mà không đủ gần; đây là giá trị gần nhất',
  shares_sum: (a) => `tổng tỷ trọng các ngành là ${number(a.sum)} %, không phải ${number(a.expected)} %`,
  // Each sector's share and growth target come keyed by their indicators (share_…, growth_…), in sector order.
  implied_growth: (a) => {
    const sectors = (prefix) => Object.keys(a).filter((k) => k.startsWith(prefix)).map((k) => number(a[k])).join(' / ');
    return `tỷ trọng các ngành ${sectors('share_')} % với tăng trưởng ngành ${sectors('growth_')} % ` +
      `cho tăng trưởng chung khoảng ${number(a.implied, 1)} %, không phải ${number(a.stated)} % như kế hoạch`;
  },
  implied_growth_undefined: (a) => `không kiểm tra được tăng trưởng chung mà các chỉ tiêu này ngụ ý: ${VI_NOTES[a.cause]?.(a) ?? a.cause}`,
  sector_vanished: (a) => `${nameOf(a.growthIndicator)} ${number(a.growth)} % thì ngành không còn gì của năm trước để tăng trưởng` +
    (a.share > 0 ? `, trong khi ${nameOf(a.shareIndicator)} là ${number(a.share)} %` : ''),
  sectors_overflow: () => `quy mô các ngành năm trước ${beyondDecimal}`,
  no_previous_total: () => 'tỷ trọng các ngành khiến tổng năm trước bằng 0',
  implied_growth_overflow: () => `tăng trưởng chung ngụ ý ${beyondDecimal}`,
};

/** A note {code, args, message} (a warning, a plan warning) in the current language; the API's words when it has no args or code to go by. */
export function noteText(note) {
  const render = current === 'vi' && note?.args ? VI_NOTES[note.code] : null;
  return render ? render(note.args) : note?.message ?? '';
}

/** Why a value is null, from a view's reason, reasonCode and reasonArgs; '' when it has none. */
export const reasonText = (view) => (view?.reason ? noteText({ code: view.reasonCode, args: view.reasonArgs, message: view.reason }) : '');

// Refusals are translated by their code (docs/problems.md), never by their English words. A code with a
// value to show takes it from what the form sent (`values`, by element); an unknown code shows the API's words.
const VI_CODES = {
  required: () => 'bắt buộc',
  unknown_element: () => 'không có trong danh mục chỉ tiêu',
  unknown_indicator: () => 'chỉ tiêu không có trong danh mục',
  negative: () => 'không được là số âm',
  out_of_range: () => 'vượt ngoài giới hạn cho phép (độ lớn tối đa 10¹⁵)',
  not_an_integer: () => 'là số đếm nên phải là số nguyên',
  too_many_decimals: () => 'chỉ được có tối đa 6 chữ số thập phân',
  inexact_number: () => 'có quá nhiều chữ số để giữ chính xác',
  not_a_number: () => 'phải là một số',
  below_minimum: () => 'nhỏ hơn giá trị nhỏ nhất có thể',
  invalid_comparator: () => 'phép so sánh phải là một trong >=, >, <=, <, =, info',
  invalid_target: () => 'phải là một số hoặc {comparator, value}',
  invalid_code: () => "phải gồm 1–32 ký tự A-Z, a-z, 0-9, '_' hoặc '-'",
  invalid_period: () => 'phải là mã kỳ báo cáo như 2023, 2023S1, 2023Q1, 202301 hoặc 2023YTD09',
  invalid_year: () => 'phải là năm từ 1900 đến 2999',
  invalid_name: () => 'bắt buộc, tối đa 200 ký tự, không có ký tự điều khiển',
  not_a_leaf: () => 'đơn vị có đơn vị trực thuộc; chỉ xã mới nộp báo cáo',
  unit_not_found: () => 'đơn vị không tồn tại',
  unit_not_under: () => 'đơn vị không tồn tại hoặc không thuộc đơn vị đang xem',
  parent_not_found: () => 'đơn vị cấp trên không tồn tại',
  cycle: () => 'đơn vị không thể nằm dưới chính nó',
  plan_not_found: () => 'đơn vị chưa có kế hoạch năm này',
  report_not_found: () => 'đơn vị chưa có báo cáo kỳ này',
  scenario_not_found: () => 'kịch bản không tồn tại',
  key_not_found: () => 'khóa không tồn tại',
  has_reports: () => 'đơn vị đã có báo cáo nên không thể có đơn vị trực thuộc',
  invalid_override: () => 'cần đúng một trong: đặt bằng, nhân, cộng thêm, tăng trưởng',
  not_reported: () => 'chưa được báo cáo trong kỳ này nên không có gì để thay đổi',
  no_previous_value: () => 'không có số liệu kỳ trước để tính tăng trưởng',
  too_many: () => 'quá nhiều thay đổi',
  duplicate_key: () => 'một khóa chỉ được xuất hiện một lần',
  version_conflict: () => 'phiên bản đã thay đổi',
  period_locked: () => 'kỳ báo cáo đã được phê duyệt (khóa)',
  period_busy: () => 'kỳ báo cáo đang được nhập từ tệp; hãy thử lại sau giây lát',
  nothing_to_approve: () => 'chưa có báo cáo để phê duyệt',
  children_not_approved: () => 'còn đơn vị trực thuộc chưa được phê duyệt',
  parent_approved: () => 'đơn vị cấp trên đã được phê duyệt; cần hủy phê duyệt cấp trên trước',
  forbidden: () => 'khóa này không có quyền thực hiện thao tác',
  rate_limited: () => 'quá nhiều yêu cầu; hãy thử lại sau giây lát',
  payload_too_large: () => 'dữ liệu gửi lên quá lớn',
};

/** One refused field {field, code, message, args?} in the current language. */
export function problemText(error, values = {}) {
  if (current !== 'vi') return error.message;
  const bound = /^exceeds_(\w+)$/.exec(error.code ?? '');
  const limit = bound ? values[bound[1]] : undefined;
  const render = bound
    ? () => `không được lớn hơn ${nameOf(bound[1])}${typeof limit === 'number' ? ` (${number(limit)})` : ''}`
    : VI_CODES[error.code];
  if (!render) return error.message;
  // A what-if names the leaf an override broke a rule at.
  const leaf = error.args?.leaf;
  return leaf ? `xã '${leaf}': ${render()}` : render();
}

/** A problem that names no field, by its code; null when the code has no translation. */
export function problemCodeText(code) {
  return current === 'vi' && VI_CODES[code] ? VI_CODES[code]() : null;
}
