import type { Bilingual } from '../domain/errors.js';

export type Lang = 'vi' | 'en';

export const tr = (lang: Lang, m: Bilingual): string => m[lang];

/** Short UI strings used across pages. Vietnamese is the primary language; English follows. */
export const UI = {
  appName: { vi: 'Một Cửa', en: 'Một Cửa (One-Stop Shop)' },
  tagline: { vi: 'Hệ thống thông tin giải quyết thủ tục hành chính', en: 'Administrative procedure one-stop information system' },
  login: { vi: 'Đăng nhập', en: 'Sign in' },
  logout: { vi: 'Đăng xuất', en: 'Sign out' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  home: { vi: 'Trang chủ', en: 'Home' },
  admin: { vi: 'Quản trị', en: 'Administration' },
  units: { vi: 'Đơn vị', en: 'Units' },
  users: { vi: 'Người dùng', en: 'Users' },
  jobs: { vi: 'Tác vụ nền', en: 'Background jobs' },
  calendar: { vi: 'Lịch làm việc', en: 'Calendar' },
  procedures: { vi: 'Thủ tục hành chính', en: 'Procedures' },
  catalogue: { vi: 'Danh mục thủ tục', en: 'Catalogue' },
  deadlineCalc: { vi: 'Tính ngày hẹn trả', en: 'Due date calculator' },
  audit: { vi: 'Nhật ký kiểm toán', en: 'Audit log' },
  account: { vi: 'Tài khoản', en: 'Account' },
  save: { vi: 'Lưu', en: 'Save' },
  create: { vi: 'Tạo mới', en: 'Create' },
  edit: { vi: 'Sửa', en: 'Edit' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  search: { vi: 'Tìm kiếm', en: 'Search' },
  active: { vi: 'Đang hoạt động', en: 'Active' },
  inactive: { vi: 'Ngừng hoạt động', en: 'Inactive' },
  deactivate: { vi: 'Ngừng hoạt động', en: 'Deactivate' },
  reactivate: { vi: 'Kích hoạt lại', en: 'Reactivate' },
  name: { vi: 'Tên', en: 'Name' },
  code: { vi: 'Mã định danh', en: 'Agency code' },
  kind: { vi: 'Loại', en: 'Kind' },
  parent: { vi: 'Đơn vị cấp trên', en: 'Parent unit' },
  role: { vi: 'Vai trò', en: 'Role' },
  status: { vi: 'Trạng thái', en: 'Status' },
  actions: { vi: 'Thao tác', en: 'Actions' },
  fullName: { vi: 'Họ và tên', en: 'Full name' },
  email: { vi: 'Thư điện tử', en: 'E-mail' },
  phone: { vi: 'Điện thoại', en: 'Phone' },
  errorsFound: { vi: 'Vui lòng sửa các lỗi sau', en: 'Please correct the following' },
  switchLang: { vi: 'English', en: 'Tiếng Việt' },
  skipToContent: { vi: 'Chuyển đến nội dung chính', en: 'Skip to main content' },
  noneYet: { vi: 'Chưa có mục nào', en: 'Nothing here yet' },
  saved: { vi: 'Đã lưu', en: 'Saved' },
} satisfies Record<string, Bilingual>;

export function formatDateTime(d: Date | string | null | undefined, lang: Lang): string {
  if (!d) return '';
  const date = typeof d === 'string' ? new Date(d) : d;
  return date.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' });
}
