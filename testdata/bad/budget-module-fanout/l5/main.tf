module "m0" {
  source = "../l6"
}
module "m1" {
  source = "../l6"
}
module "m2" {
  source = "../l6"
}
module "m3" {
  source = "../l6"
}
module "m4" {
  source = "../l6"
}
module "m5" {
  source = "../l6"
}
module "m6" {
  source = "../l6"
}
module "m7" {
  source = "../l6"
}
module "m8" {
  source = "../l6"
}
module "m9" {
  source = "../l6"
}
